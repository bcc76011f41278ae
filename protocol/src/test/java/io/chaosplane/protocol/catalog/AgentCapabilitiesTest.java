package io.chaosplane.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.linux.ConfirmRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** An agent's reported capabilities decide, before a run, which faults of the catalogue it cannot run and why. */
class AgentCapabilitiesTest {

    private final FaultCatalog catalog = FaultCatalog.standard();

    private FaultDefinition fault(String name) {
        return catalog.find(name).orElseThrow();
    }

    @Test
    void aMissingKernelModuleIsNamed() {
        AgentCapabilities host = new AgentCapabilities(true, List.of(), List.of("tc", "ip"), null);

        assertThat(host.refusal(fault("linux-network-latency"))).contains("kernel module sch_netem is missing");
        assertThat(host.refusal(fault("linux-network-loss"))).isEmpty();
    }

    @Test
    void anAgentThatIsNotRootCannotRunARootFaultButStressesTheHost() {
        AgentCapabilities host = new AgentCapabilities(false, List.of("sch_netem"), List.of("tc", "ip", "nft"), null);

        assertThat(host.refusal(fault("linux-network-loss"))).contains("the agent does not run as root");
        assertThat(host.refusal(fault("linux-cpu-stress"))).isEmpty();
    }

    @Test
    void everyMissingNeedIsGiven() {
        AgentCapabilities host = new AgentCapabilities(false, List.of(), List.of(), null);

        assertThat(host.shortfalls(fault("linux-network-latency").permissions()))
                .containsExactly(
                        "the agent does not run as root",
                        "kernel module sch_netem is missing",
                        "command tc is missing",
                        "command ip is missing");
    }

    @Test
    void whatWasNotReportedIsNotHeldAgainstAFault() {
        AgentCapabilities unknown = new AgentCapabilities(null, null, null, null);

        assertThat(catalog.faults())
                .allSatisfy(fault -> assertThat(unknown.refusal(fault)).isEmpty());
    }

    @Test
    void aRunnerMissingAVerbIsToldWhichOne() {
        AgentCapabilities runner = new AgentCapabilities(null, null, null, List.of("get pods"));

        assertThat(runner.shortfalls(Permissions.kubernetes("get pods", "delete pods")))
                .containsExactly("the service account may not delete pods");
    }

    @Test
    void confirmCarriesThemAndSeedBodiesWithoutThemStayAsTheyWere() {
        JsonMapper json = ProtocolJson.mapper();
        ConfirmRequest withCapabilities = new ConfirmRequest(
                "host-1", "1.0", new AgentCapabilities(true, List.of("sch_htb"), List.of("tc"), null));

        String written = json.writeValueAsString(withCapabilities);

        assertThat(json.readValue(written, ConfirmRequest.class)).isEqualTo(withCapabilities);
        assertThat(json.readTree(written).get("capabilities").has("kubernetes")).isFalse();
        assertThat(json.writeValueAsString(new ConfirmRequest("h", "v"))).doesNotContain("capabilities");
    }
}

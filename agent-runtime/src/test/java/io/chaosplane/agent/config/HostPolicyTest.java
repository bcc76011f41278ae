package io.chaosplane.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.linux.ChaosSpec;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.protocol.probe.HttpCheck;
import io.chaosplane.protocol.probe.HttpMethod;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.probe.RunProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPolicyTest {

    private static final FaultCatalog CATALOG = FaultCatalog.standard();

    @TempDir
    Path dir;

    @Test
    void aFaultNotInTheListIsRefusedNamingThePolicyFile() throws IOException {
        HostPolicy policy = load("faults.allow=linux-cpu-*, linux-memory-stress\n");

        assertThat(policy.refusal(chaos("linux-cpu-stress", "Load", "50", "Duration", "30s"), CATALOG))
                .isEmpty();
        assertThat(policy.refusal(chaos("linux-network-loss", "LossPercentage", "10", "Duration", "30s"), CATALOG))
                .contains("task refused by the host policy " + dir.resolve("policy.properties")
                        + ": fault linux-network-loss is not in faults.allow [linux-cpu-*, linux-memory-stress]");
    }

    @Test
    void aPathOutsideTheAllowedDirectoriesIsRefusedAndASymbolicLinkCannotLeadOut() throws IOException {
        Path allowed = Files.createDirectories(dir.resolve("scratch"));
        Files.createSymbolicLink(allowed.resolve("escape"), Path.of("/"));
        HostPolicy policy = load("paths.allow=" + allowed + "\n");

        assertThat(policy.refusal(diskFill(allowed.resolve("sub").toString()), CATALOG))
                .isEmpty();
        assertThat(policy.refusal(diskFill("/"), CATALOG))
                .get()
                .asString()
                .endsWith("path / is not in or under" + " paths.allow [" + allowed.toRealPath() + "]");
        assertThat(policy.refusal(diskFill(allowed + "/../.."), CATALOG)).isPresent();
        assertThat(policy.refusal(diskFill(allowed.resolve("escape/etc").toString()), CATALOG))
                .isPresent();
        assertThat(policy.refusal(chaos("linux-fs-fill", "Path", "/var", "Inodes", "10", "Duration", "30s"), CATALOG))
                .isPresent();
    }

    @Test
    void processTargetsMustMatchTheListAndPidsAreRefused() throws IOException {
        HostPolicy policy = load("processes.allow=nginx*, java\n");

        assertThat(policy.refusal(chaos("linux-process-kill", "ProcessName", "nginx-worker"), CATALOG))
                .isEmpty();
        assertThat(policy.refusal(chaos("linux-process-kill", "ProcessName", "sshd"), CATALOG))
                .get()
                .asString()
                .endsWith("process sshd is not in processes.allow [nginx*, java]");
        assertThat(policy.refusal(chaos("linux-process-kill", "PID", "4242"), CATALOG))
                .get()
                .asString()
                .contains("PID targets are refused");
        assertThat(policy.refusal(
                        chaos("linux-process-stop", "CommandPattern", ".*sshd.*", "Duration", "10s"), CATALOG))
                .get()
                .asString()
                .contains("command pattern .*sshd.* is not written as such in processes.allow");
    }

    @Test
    void servicesMustMatchTheList() throws IOException {
        HostPolicy policy = load("services.allow=app-*.service\n");

        assertThat(policy.refusal(
                        chaos("linux-service-restart", "Services", "app-web.service", "Duration", "30s"), CATALOG))
                .isEmpty();
        assertThat(policy.refusal(
                        chaos("linux-service-restart", "Services", "app-web.service,sshd.service", "Duration", "30s"),
                        CATALOG))
                .get()
                .asString()
                .endsWith("service sshd.service is not in services.allow [app-*.service]");
    }

    @Test
    void chaosLongerThanTheMaximumIsRefused() throws IOException {
        HostPolicy policy = load("duration.max=5m\n");

        assertThat(policy.refusal(chaos("linux-cpu-stress", "Load", "50", "Duration", "5m"), CATALOG))
                .isEmpty();
        assertThat(policy.refusal(chaos("linux-cpu-stress", "Load", "50", "Duration", "24h"), CATALOG))
                .get()
                .asString()
                .endsWith("it lasts 24h0m0s, more than duration.max 5m0s");
    }

    @Test
    void probeDestinationsOutsideTheListAreRefused() throws IOException {
        HostPolicy policy = load("probes.http.allow=127.0.0.0/8, health.example.test, *.svc.example.test\n");

        assertThat(policy.refusal(withProbe("http://127.0.0.1:8080/healthz"), CATALOG))
                .isEmpty();
        assertThat(policy.destinationRefusal("http://health.example.test/")).isEmpty();
        assertThat(policy.destinationRefusal("http://api.svc.example.test/")).isEmpty();
        assertThat(policy.refusal(withProbe("http://[::1]:8080/healthz"), CATALOG))
                .get()
                .asString()
                .endsWith("httpProbe api-up: destination [::1] (0:0:0:0:0:0:0:1) is not in probes.http.allow");
    }

    @Test
    void metadataAndLinkLocalAddressesAreRefusedWithoutAPolicyFile() {
        HostPolicy none = HostPolicy.none();

        assertThat(none.refusal(withProbe("http://169.254.169.254/latest/meta-data/"), CATALOG))
                .get()
                .asString()
                .startsWith("task refused by this agent: httpProbe api-up: destination 169.254.169.254")
                .contains("policy.file");
        for (String url : List.of(
                "http://169.254.10.1/",
                "http://[fe80::1]/",
                "http://[fd00:ec2::254]/latest/meta-data/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.google.internal./",
                "http://[::ffff:169.254.169.254]/")) {
            assertThat(none.destinationRefusal(url)).as(url).isPresent();
        }
        assertThat(none.destinationRefusal("http://127.0.0.1:8080/healthz")).isEmpty();
    }

    @Test
    void onlyANarrowEntryOpensAMetadataAddress() {
        assertThat(new ProbeDestinations(Optional.of(List.of("0.0.0.0/0")))
                        .refusal(URI.create("http://169.254.169.254/")))
                .isPresent();
        assertThat(new ProbeDestinations(Optional.of(List.of("169.254.169.254/32")))
                        .refusal(URI.create("http://169.254.169.254/")))
                .isEmpty();
    }

    @Test
    void aFileOthersOrItsGroupMayWriteIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.properties"), "duration.max=5m\n");
        for (String permissions : List.of("rw-rw-r--", "rw-r--rw-")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
            assertThatThrownBy(() -> HostPolicy.load(file))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("writable by its group or others");
        }
    }

    @Test
    void aFileInADirectoryOthersMayWriteIsRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path file = Files.writeString(open.resolve("policy.properties"), "duration.max=5m\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> HostPolicy.load(file)).hasMessageContaining(open + " is writable");
    }

    @Test
    void aFileOwnedBySomeoneElseIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.properties"), "duration.max=5m\n");
        UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(file, users.lookupPrincipalByName("nobody"));

        assertThatThrownBy(() -> HostPolicy.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is owned by nobody, not by root or the agent's user");
    }

    @Test
    void anUnknownKeyOrABadValueIsRefused() throws IOException {
        assertThatThrownBy(() -> load("fault.allow=linux-cpu-stress\n"))
                .hasMessageContaining("unknown key 'fault.allow'");
        assertThatThrownBy(() -> load("probes.http.allow=10.0.0.0/99\n")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> load("paths.allow=tmp\n")).hasMessageContaining("not an absolute path");
        assertThatThrownBy(() -> load("duration.max=soon\n")).isInstanceOf(ConfigException.class);
    }

    @Test
    void theAgentRefusesToStartWithAPolicyFileItCannotTrust() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.properties"), "duration.max=5m\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Map<String, String> environment = Map.of(
                "CHAOSPLANE_SERVER_URL", "http://127.0.0.1:1",
                "CHAOSPLANE_INFRA_ID", "infra-1",
                "CHAOSPLANE_POLICY_FILE", file.toString());

        assertThatThrownBy(() -> new ConfigLoader(List.of()).load(List.of("--config=" + emptyConfig()), environment))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("host policy file " + file + " is refused");
    }

    private Path emptyConfig() throws IOException {
        return Files.writeString(dir.resolve("agent.properties"), "");
    }

    private HostPolicy load(String content) throws IOException {
        return HostPolicy.load(Files.writeString(dir.resolve("policy.properties"), content));
    }

    private static ChaosSpec diskFill(String path) {
        return chaos("linux-disk-fill", "Path", path, "Size", "1Gi", "Duration", "30s");
    }

    private static ChaosSpec withProbe(String url) {
        Probe probe = new Probe(
                "api-up",
                "httpProbe",
                null,
                new HttpProbeInputs(url, new HttpMethod(HttpCheck.responseCode("==", "200"), null), 1000, null),
                new RunProperties("1s", "1s", 1, null, null, null),
                "SOT");
        return new ChaosSpec(
                "linux-cpu-stress",
                List.of(new ExperimentInput("Load", "50"), new ExperimentInput("Duration", "30s")),
                List.of(probe));
    }

    private static ChaosSpec chaos(String fault, String... namesAndValues) {
        List<ExperimentInput> inputs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.add(new ExperimentInput(namesAndValues[i], namesAndValues[i + 1]));
        }
        ChaosSpec chaos = new ChaosSpec(fault, inputs, List.of());
        // a policy test on chaos the catalogue refuses would pass for the wrong reason
        assertThat(CATALOG.validate(chaos)).as(fault + " " + inputs).isEmpty();
        return chaos;
    }
}

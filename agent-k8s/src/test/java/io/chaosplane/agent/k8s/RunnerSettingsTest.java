package io.chaosplane.agent.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerSettingsTest {

    @Test
    void nodeRestartCommandIsAnArgumentVectorSplitAtWhiteSpaceAndEmptyWhenNotSet() {
        assertThat(RunnerSettings.from(
                                Map.of("NODE_RESTART_COMMAND", "  /opt/chaos/restart-node.sh --zone\teurope-west1-b "))
                        .nodeRestartCommand())
                .containsExactly("/opt/chaos/restart-node.sh", "--zone", "europe-west1-b");
        assertThat(RunnerSettings.from(Map.of("NODE_RESTART_COMMAND", "")).nodeRestartCommand())
                .isEmpty();
        assertThat(RunnerSettings.from(Map.of()).nodeRestartCommand()).isEmpty();
    }
}

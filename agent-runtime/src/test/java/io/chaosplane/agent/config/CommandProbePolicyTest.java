package io.chaosplane.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandProbePolicyTest {

    private final CommandProbePolicy policy =
            new CommandProbePolicy(true, List.of("curl -sf", "systemctl is-active", "re:^cat /proc/loadavg$"));

    @ParameterizedTest(name = "''{0}'' allowed: {1}")
    @CsvSource(delimiter = '¦', textBlock = """
            curl -sf http://localhost/health       ¦ true
            curl -sf                               ¦ true
            curl -sfX DELETE http://x              ¦ false
            curl -sf http://x; rm -rf /            ¦ false
            curl -sf http://x | sh                 ¦ false
            curl -sf $(cat /etc/shadow)            ¦ false
            systemctl is-active nginx              ¦ true
            systemctl stop nginx                   ¦ false
            cat /proc/loadavg                      ¦ true
            cat /proc/loadavg /etc/shadow          ¦ false
            """)
    void allowsPrefixesWithoutShellControlAndWholeRegexMatches(String command, boolean allowed) {
        assertThat(policy.refusal(command).isEmpty()).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"echo hi"})
    void refusesEverythingWhenDisabled(String command) {
        assertThat(CommandProbePolicy.disabled().refusal(command))
                .contains("command probes are disabled on this agent (probes.command.enabled=false)");
    }

    @ParameterizedTest
    @CsvSource({"'echo hi; echo there'"})
    void allowsEverythingWhenEnabledWithoutAnAllowList(String command) {
        assertThat(new CommandProbePolicy(true, List.of()).refusal(command)).isEmpty();
    }
}

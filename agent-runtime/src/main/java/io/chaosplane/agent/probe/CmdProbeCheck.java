package io.chaosplane.agent.probe;

import io.chaosplane.agent.config.CommandProbePolicy;
import io.chaosplane.agent.process.ProcessRunner;
import io.chaosplane.protocol.probe.CmdProbeInputs;
import io.chaosplane.protocol.probe.Comparison;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs a command probe through {@code /bin/sh -c}, if this agent's policy allows the command, and judges its output. */
final class CmdProbeCheck implements ProbeCheck {

    private final String command;
    private final Comparison comparison;
    private final CommandProbePolicy policy;

    CmdProbeCheck(CmdProbeInputs inputs, CommandProbePolicy policy) {
        this.command = inputs.command();
        this.comparison = Comparison.of(inputs.comparator());
        this.policy = policy;
    }

    @Override
    public CheckResult attempt(Duration timeout) throws InterruptedException {
        Optional<String> refusal = policy.refusal(command);
        if (refusal.isPresent()) {
            return CheckResult.fail("not run: " + refusal.get());
        }
        ProcessRunner.Result result;
        try {
            result = ProcessRunner.run(List.of("/bin/sh", "-c", command), timeout);
        } catch (IOException e) {
            return CheckResult.fail("unable to run command: " + e.getMessage());
        }
        if (result.timedOut()) {
            return CheckResult.fail("command did not finish within " + timeout.toMillis() + "ms");
        }
        if (result.exitCode() != 0) {
            return CheckResult.fail("unable to run command, exit status " + result.exitCode() + "; "
                    + result.stderr().strip());
        }
        String output = result.stdout().strip();
        return comparison.test(output)
                ? CheckResult.pass("output '" + excerpt(output) + "' meets " + comparison)
                : CheckResult.fail("output '" + excerpt(output) + "' does not meet " + comparison);
    }

    static String excerpt(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}

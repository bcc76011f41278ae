package io.chaosplane.agent.linux.proc;

import io.chaosplane.agent.process.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Sends signals by name with {@code kill}, after checking the receiver is still the process meant. */
public final class Signals {

    private Signals() {}

    /**
     * Sends {@code signal} ({@code SIGTERM}, {@code SIGSTOP}...) to the process, if it is still the one identified.
     *
     * @return false when the process was gone already
     * @throws IOException when {@code kill} refuses (no permission)
     */
    public static boolean send(ProcessIdentity process, String signal) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return false;
        }
        String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
        ProcessRunner.Result result =
                ProcessRunner.run(List.of("kill", "-s", name, Long.toString(process.pid())), Duration.ofSeconds(5));
        if (!result.succeeded()) {
            if (!process.isAlive()) {
                return false;
            }
            throw new IOException("kill -s " + name + " " + process.pid() + " failed: "
                    + result.stderr().strip());
        }
        return true;
    }
}

package io.chaosplane.agent.probe;

import java.time.Duration;

/** One attempt of a probe: runs the command, sends the request or looks at the cluster, and judges the answer. */
public interface ProbeCheck {

    /**
     * @param timeout the attempt's time limit
     * @throws InterruptedException when the probe is stopped; the attempt is abandoned, not judged
     */
    CheckResult attempt(Duration timeout) throws InterruptedException;
}

package io.chaosplane.agent.task;

import java.time.Duration;

/** Waiting, behind an interface so that loops can be tested without waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}

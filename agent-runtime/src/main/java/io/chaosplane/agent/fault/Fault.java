package io.chaosplane.agent.fault;

import io.chaosplane.protocol.catalog.FaultInputs;

/**
 * A fault an agent can inject and revert: the SPI each platform implements once per catalogue entry.
 *
 * <p>The {@link FaultSupervisor} drives it so that a fault is always reverted: it journals the planned state before
 * {@link #inject} changes anything, journals the injected state after, and calls {@link #revert} at the end of the
 * chaos, on abort, on error, from the watchdog, from the JVM's shutdown hook, and after a restart (in a new process,
 * from the journal alone). Hence the contract:
 * <ul>
 *   <li>{@link #plan} decides everything revert will need (file names, qdisc handles, a marker for child processes)
 *       without touching the host;</li>
 *   <li>{@link #revert} is idempotent, accepts the planned state as well as the injected one (a crash can come in
 *       between), tolerates a partial injection, and removes exactly what this fault added;</li>
 *   <li>the state is a plain record that JSON can hold.</li>
 * </ul>
 *
 * @param <S> the state that revert needs
 */
public interface Fault<S> {

    /** The catalogue name, for example {@code linux-cpu-stress}. */
    String name();

    Class<S> stateType();

    /** Decides what inject will do and what revert will need, without side effects. */
    S plan(FaultInputs inputs, FaultContext context) throws Exception;

    /** Changes the host. Returns the planned state enriched with what was learnt (child process ids). */
    S inject(FaultInputs inputs, S planned, FaultContext context) throws Exception;

    /** Undoes inject. */
    void revert(S state, FaultContext context) throws Exception;
}

package io.chaosplane.agent.logs;

import io.chaosplane.protocol.logs.LogLine;
import java.util.Map;

/** Where faults and probes tell what they do, for the people watching a run. */
public interface ExecutionLog {

    void log(String level, String out, Map<String, String> args);

    default void info(String out) {
        log(LogLine.INFO, out, null);
    }

    default void info(String out, Map<String, String> args) {
        log(LogLine.INFO, out, args);
    }

    default void warn(String out) {
        log(LogLine.WARN, out, null);
    }

    default void error(String out) {
        log(LogLine.ERROR, out, null);
    }

    default void debug(String out) {
        log(LogLine.DEBUG, out, null);
    }

    /** Writes to the agent's own log only; used where no task is at hand (reverting after a restart). */
    static ExecutionLog system(String name) {
        System.Logger logger = System.getLogger(name);
        return (level, out, args) -> logger.log(
                switch (level) {
                    case LogLine.ERROR -> System.Logger.Level.ERROR;
                    case LogLine.WARN -> System.Logger.Level.WARNING;
                    case LogLine.DEBUG -> System.Logger.Level.DEBUG;
                    default -> System.Logger.Level.INFO;
                },
                args == null || args.isEmpty() ? out : out + " " + args);
    }
}

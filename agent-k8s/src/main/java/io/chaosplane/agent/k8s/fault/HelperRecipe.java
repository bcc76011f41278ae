package io.chaosplane.agent.k8s.fault;

import io.chaosplane.protocol.catalog.FaultInputs;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a helper pod in a target pod's network namespace runs: one fixed script, the same whatever the inputs, that
 * reads the fault's values from its environment and, where a tool takes them as arguments, from its own argument
 * vector. No input is ever part of the script's text, so no shell reads one as code. The script undoes its change
 * when it gets TERM (revert deletes the helper), at the end of the duration, and when it fails half-way.
 */
interface HelperRecipe {

    /**
     * The start of every recipe's script: stop at the first failing command, no globbing, and {@code $pid}, the
     * target container's process, found through the runtime.
     */
    String FIND_PID = """
            set -ef
            if [ "$RUNTIME" = docker ]; then
              pid=$(docker -H "unix://$SOCKET_PATH" inspect --format '{{.State.Pid}}' "$CONTAINER_ID")
            else
              pid=$(crictl -r "unix://$SOCKET_PATH" inspect --output go-template --template '{{.info.pid}}' \
                "$CONTAINER_ID")
            fi
            """;

    /** The end of every recipe's script: in force until the chaos duration is over or TERM comes. */
    String HOLD = """
            echo injected
            sleep "$DURATION_SECONDS" & wait $!
            """;

    /** The script, run as {@code sh -c SCRIPT NAME ARGUMENTS...}. */
    String script();

    /** The script's {@code $0}, which names the helper in process lists. */
    String name();

    /** The script's variables; {@code containerId} and {@code duration} are the target's and the fault's. */
    Map<String, String> environment(Target target, FaultInputs inputs, Duration duration) throws Exception;

    /**
     * Refuses inputs the recipe cannot use, at plan time, before any helper exists (a control plane of another version
     * may have let them through).
     */
    default void check(FaultInputs inputs) throws Exception {
        arguments(inputs);
    }

    /** The script's positional parameters ({@code "$@"}), each one argument of the tool it runs. */
    default List<String> arguments(FaultInputs inputs) throws Exception {
        return List.of();
    }

    /** The container a helper works on, and the fault it belongs to. */
    record Target(String faultId, String containerId) {}
}

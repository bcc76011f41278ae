package io.chaosplane.protocol.linux;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chaosplane.protocol.probe.CmdProbeInputs;

/**
 * A stop condition the agent checks while the task's fault is in force: the command runs through {@code /bin/sh -c}
 * every {@code interval} (a Go duration), its trimmed output judged by the comparator, as a cmdProbe's is. More than
 * {@code tolerance} failed checks in a row are a breach: the agent reverts the fault and reports the task
 * {@code Stopped} with {@link ErrorCode#STOP_CONDITION_BREACHED} and the reason {@code stop condition <name>: <seen>},
 * and the control plane stops the whole run. A command that cannot be run (refused by the agent's command policy,
 * failing, timing out) is a failed check unless {@code onError} is {@code ignore}.
 */
public record CommandStopCondition(
        String name,
        String interval,
        Integer tolerance,
        String onError,
        @JsonProperty("cmdProbe/inputs") CmdProbeInputs cmdProbeInputs) {}

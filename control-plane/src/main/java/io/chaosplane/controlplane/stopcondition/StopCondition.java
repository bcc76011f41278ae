package io.chaosplane.controlplane.stopcondition;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosplane.protocol.linux.CommandStopCondition;
import io.chaosplane.protocol.probe.CmdProbeInputs;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/**
 * A stop condition of an experiment: while its run goes, the control plane (http, prometheus) or the agent of each
 * fault while it is in force (command) checks the system under test every {@code interval}; when more than
 * {@code tolerance} checks in a row fail, the run is stopped and every fault reverted. A check that cannot be made (target unreachable, query error) fails too, unless {@code onError} is
 * {@code ignore}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        description = "A check of the system under test while the run goes; a breach stops the run (phase Stopped) and"
                + " reverts every fault (ChaosPlane extension)")
public record StopCondition(
        @Schema(description = "Unique in the experiment: lower-case letters, digits and '-'", example = "checkout-up")
        String name,

        @Schema(
                description = "http (the control plane sends a request, as an httpProbe), prometheus (an instant"
                        + " query compared with a threshold) or command (the agent of each Linux fault runs it while"
                        + " the fault is in force, as a cmdProbe)",
                allowableValues = {"http", "prometheus", "command"},
                example = "http")
        String type,

        @Schema(description = "Go duration between checks, 1s to 1h; default 10s", example = "5s")
        String interval,

        @Schema(description = "Failed checks in a row allowed before the run stops, 0 to 100; default 0", example = "1")
        Integer tolerance,

        @Schema(
                description = "What a check that cannot be made counts as: breach (a failed check, the default) or"
                        + " ignore (neither a failure nor a success)",
                allowableValues = {"breach", "ignore"})
        String onError,

        @Schema(
                description = "For type http: the httpProbe's inputs (url, method.get or method.post with criteria"
                        + " and responseCode or responseBody, responseTimeout in ms, at most 20000, default 5000)")
        HttpProbeInputs http,

        @Schema(description = "For type prometheus: the query and the threshold whose crossing is a breach")
        Prometheus prometheus,

        @Schema(
                description = "For type command: the cmdProbe's inputs (command, run through /bin/sh -c on the"
                        + " agent's host within its command policy, and the comparator its output must meet)")
        CmdProbeInputs command) {

    public StopCondition(
            String name,
            String type,
            String interval,
            Integer tolerance,
            String onError,
            HttpProbeInputs http,
            Prometheus prometheus) {
        this(name, type, interval, tolerance, onError, http, prometheus, null);
    }

    /** The condition as the agent checks it, for type command. */
    public CommandStopCondition forAgent() {
        return new CommandStopCondition(name, interval, tolerance, onError, command);
    }

    /** Whether the agents check it (type command) rather than the control plane. */
    public boolean checkedByAgents() {
        return ConditionType.parse(type).orElse(null) == ConditionType.COMMAND;
    }

    /** A Prometheus instant query; the check fails when {@code <value> <comparator> <threshold>} holds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prometheus(
            @Schema(description = "The Prometheus server's base URL", example = "http://prometheus:9090")
            String endpoint,

            @Schema(
                    description = "PromQL, sent to /api/v1/query; every series it answers is compared",
                    example = "sum(rate(http_requests_total{code=~\"5..\"}[1m]))")
            String query,

            @Schema(
                    description = "How a value crosses the threshold",
                    allowableValues = {">", "<", "==", ">=", "<=", "!="},
                    example = ">")
            String comparator,

            @Schema(description = "The threshold", example = "5")
            BigDecimal threshold,

            @Schema(description = "Milliseconds to wait for the answer, at most 20000; default 5000")
            Integer responseTimeout) {}
}

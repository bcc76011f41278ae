package io.chaosplane.controlplane.stopcondition;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/**
 * A stop condition of an experiment: while its run goes, the control plane checks the system under test every
 * {@code interval}; when more than {@code tolerance} checks in a row fail, the run is stopped and every fault
 * reverted. A check that cannot be made (target unreachable, query error) fails too, unless {@code onError} is
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
                description = "http (the control plane sends a request, as an httpProbe) or prometheus (an instant"
                        + " query compared with a threshold)",
                allowableValues = {"http", "prometheus"},
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
        Prometheus prometheus) {

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

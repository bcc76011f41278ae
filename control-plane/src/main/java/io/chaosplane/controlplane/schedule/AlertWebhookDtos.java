package io.chaosplane.controlplane.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** Bodies of the alert webhooks and their deliveries. */
public final class AlertWebhookDtos {

    private AlertWebhookDtos() {}

    public record WebhookInput(
            @Schema(example = "ops-alerts", description = "1-100 characters, unique in the project")
            String name,

            @Schema(
                    example = "https://hooks.example.com/chaosplane",
                    description = "http or https; private and loopback addresses are refused unless configured")
            String url) {}

    public record WebhookView(UUID id, String name, String url, String createdBy, Instant createdAt) {}

    /** The answer of a creation: the only time the signing secret is shown. */
    public record CreatedWebhookView(
            UUID id,
            String name,
            String url,
            String createdBy,
            Instant createdAt,

            @Schema(
                    description = "Signs every delivery: X-ChaosPlane-Signature is t=<unix seconds>,v1=<hex"
                            + " HMAC-SHA256 of \"<t>.<body>\" with this secret>. Shown once; stored encrypted")
            String secret) {}

    public record DeliveryView(
            @Schema(description = "The X-ChaosPlane-Delivery header of every attempt")
            UUID id,

            UUID webhookId,

            @Schema(allowableValues = {"alert", "test"}) String event,

            @Schema(allowableValues = {"pending", "delivered", "failed"})
            String status,

            int attempts,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer lastStatusCode,
            String lastError,
            Instant createdAt,
            Instant nextAttemptAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant deliveredAt) {}
}

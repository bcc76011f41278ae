package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.CreatedWebhookView;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.DeliveryView;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.WebhookInput;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.WebhookView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhooks that receive the alerts of the project's scheduled tests, signed, from a retried outbox. */
@RestController
@RequestMapping("/api/v1/alert-webhooks")
@Tag(
        name = "Alert webhooks",
        description = "Signed POSTs of the scheduled tests' alerts: X-ChaosPlane-Signature t=<unix>,v1=<hex"
                + " HMAC-SHA256 of \"t.body\">, one X-ChaosPlane-Delivery id across retries")
class AlertWebhookController {

    private final AlertWebhookService webhooks;

    AlertWebhookController(AlertWebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a webhook (project admin); the answer shows its signing secret, the only time it is"
                    + " shown. Private and loopback targets are 400 unless configured")
    CreatedWebhookView create(@RequestBody WebhookInput input, ProjectScope scope) {
        return webhooks.create(scope, input);
    }

    @GetMapping
    @Operation(summary = "The project's alert webhooks, without their secrets")
    List<WebhookView> list(ProjectScope scope) {
        return webhooks.list(scope);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook and its deliveries (project admin)")
    void delete(@PathVariable UUID id, ProjectScope scope) {
        webhooks.delete(scope, id);
    }

    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Queue a signed test message to the webhook (project admin); follow it in its deliveries")
    DeliveryView test(@PathVariable UUID id, ProjectScope scope) {
        return webhooks.test(scope, id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The webhook's latest 100 deliveries, newest first, with their attempts and last answer")
    List<DeliveryView> deliveries(@PathVariable UUID id, ProjectScope scope) {
        return webhooks.deliveries(scope, id);
    }
}

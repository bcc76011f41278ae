package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.CreatedWebhookView;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.DeliveryView;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.WebhookInput;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.WebhookView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.AlertView;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.ServiceUnavailableException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's alert webhooks: admins create (the signing secret shown once), delete and test them, everyone in the
 * project lists them and their deliveries. Alerts of the project's scheduled tests are queued to every webhook.
 */
@Service
public class AlertWebhookService {

    private static final int MAX_NAME = 100;
    private static final int DELIVERIES_SHOWN = 100;

    private final AlertWebhookStore store;
    private final SecretBox secrets;
    private final WebhookTargets targets;
    private final AlertDeliverer deliverer;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AlertWebhookService(
            AlertWebhookStore store,
            SecretBox secrets,
            WebhookTargets targets,
            AlertDeliverer deliverer,
            AccessGuard guard,
            ScopeDirectory scopes,
            AuditTrail audit,
            JsonMapper json,
            Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.targets = targets;
        this.deliverer = deliverer;
        this.guard = guard;
        this.scopes = scopes;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public CreatedWebhookView create(ProjectScope scope, WebhookInput input) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        List<FieldProblem> problems = new ArrayList<>();
        String name = input == null || input.name() == null ? "" : input.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem("name", "is required, 1-" + MAX_NAME + " characters, no control characters"));
        }
        String url = input == null ? null : input.url();
        targets.refusal(url).ifPresent(why -> problems.add(new FieldProblem("url", why)));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (!secrets.configured()) {
            throw new ServiceUnavailableException("alert webhooks need chaosplane.alert-webhooks.encryption-key"
                    + " (CHAOSPLANE_ALERT_WEBHOOKS_ENCRYPTION_KEY)");
        }
        if (store.nameTaken(scope, name)) {
            throw new ConflictException("alert webhook '" + name + "' already exists");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        store.insert(scope, id, name, url, secrets.seal(secret, id), caller.actor(), now);
        audit.record("alert-webhook.create", scope + "/" + name, Map.of("url", url));
        return new CreatedWebhookView(id, name, url, caller.actor(), now, secret);
    }

    @Transactional(readOnly = true)
    public List<WebhookView> list(ProjectScope scope) {
        guard.require(Permission.READ, scope, scope.toString());
        scopes.requireExists(scope);
        return store.list(scope);
    }

    @Transactional
    public void delete(ProjectScope scope, UUID id) {
        guard.require(Permission.MANAGE, scope, "alert webhook '" + id + "'");
        WebhookView webhook = find(scope, id);
        store.delete(scope, id);
        audit.record("alert-webhook.delete", scope + "/" + webhook.name(), Map.of());
    }

    /** Queues a test message to the webhook, sent at once after the commit. */
    @Transactional
    public DeliveryView test(ProjectScope scope, UUID id) {
        Caller caller = guard.require(Permission.MANAGE, scope, "alert webhook '" + id + "'");
        WebhookView webhook = find(scope, id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "test");
        body.put("organization", scope.organization());
        body.put("project", scope.project());
        body.put("webhook", webhook.name());
        body.put("message", "a test message sent by " + caller.actor());
        body.put("sentAt", clock.instant().toString());
        UUID delivery = enqueue(scope.accountId(), webhook.id(), "test", body);
        return store.delivery(scope.accountId(), delivery).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<DeliveryView> deliveries(ProjectScope scope, UUID id) {
        guard.require(Permission.READ, scope, "alert webhook '" + id + "'");
        find(scope, id);
        return store.deliveries(scope.accountId(), id, DELIVERIES_SHOWN);
    }

    /** Queues the alert to every webhook of the project, in the caller's transaction (the tenant's). */
    void raise(ProjectScope scope, AlertView alert) {
        for (WebhookView webhook : store.list(scope)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("event", "alert");
            body.put("organization", scope.organization());
            body.put("project", scope.project());
            body.put("alert", alert);
            enqueue(scope.accountId(), webhook.id(), "alert", body);
        }
    }

    private UUID enqueue(String accountId, UUID webhookId, String event, Map<String, Object> body) {
        UUID id = UUID.randomUUID();
        store.enqueue(accountId, id, webhookId, event, json.writeValueAsString(body), clock.instant());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    // sent now rather than at the next poll; the poll still finds it should this fail
                    Thread.ofVirtual().name("alert-delivery-wake").start(deliverer::wake);
                }
            });
        }
        return id;
    }

    private WebhookView find(ProjectScope scope, UUID id) {
        return store.find(scope, id).orElseThrow(() -> new NotFoundException("alert webhook '" + id + "' not found"));
    }
}

package io.chaosplane.controlplane.schedule;

import static io.chaosplane.controlplane.common.SqlTimes.instant;
import static io.chaosplane.controlplane.common.SqlTimes.timestamp;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.DeliveryView;
import io.chaosplane.controlplane.schedule.AlertWebhookDtos.WebhookView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Alert webhooks and their delivery outbox. Every query names the account and joins the caller's transaction. */
@Component
class AlertWebhookStore {

    private final JdbcClient jdbc;

    AlertWebhookStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery due for an attempt, with where it goes and the sealed secret that signs it. */
    record Pending(UUID id, UUID webhookId, String url, byte[] sealedSecret, String event, String body, int attempts) {}

    void insert(ProjectScope project, UUID id, String name, String url, byte[] sealed, String by, Instant at) {
        jdbc.sql("""
                        INSERT INTO alert_webhooks (id, account_id, org_identifier, project_identifier, name, url,
                                                    secret_ciphertext, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        project.accountId(),
                        project.organization(),
                        project.project(),
                        name,
                        url,
                        sealed,
                        by,
                        timestamp(at))
                .update();
    }

    boolean nameTaken(ProjectScope project, String name) {
        return jdbc.sql("""
                        SELECT 1 FROM alert_webhooks
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND name = ?""")
                .params(project.accountId(), project.organization(), project.project(), name)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    List<WebhookView> list(ProjectScope project) {
        return jdbc.sql("""
                        SELECT * FROM alert_webhooks
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? ORDER BY name""")
                .params(project.accountId(), project.organization(), project.project())
                .query(AlertWebhookStore::webhook)
                .list();
    }

    Optional<WebhookView> find(ProjectScope project, UUID id) {
        return jdbc.sql("""
                        SELECT * FROM alert_webhooks
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ? AND id = ?""")
                .params(project.accountId(), project.organization(), project.project(), id)
                .query(AlertWebhookStore::webhook)
                .optional();
    }

    void delete(ProjectScope project, UUID id) {
        jdbc.sql("DELETE FROM alert_webhooks WHERE account_id = ? AND id = ?")
                .params(project.accountId(), id)
                .update();
    }

    void enqueue(String accountId, UUID id, UUID webhookId, String event, String body, Instant at) {
        jdbc.sql("""
                        INSERT INTO alert_deliveries (id, account_id, webhook_id, event, body, next_attempt_at,
                                                      created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, accountId, webhookId, event, body, timestamp(at), timestamp(at))
                .update();
    }

    List<DeliveryView> deliveries(String accountId, UUID webhookId, int limit) {
        return jdbc.sql("""
                        SELECT * FROM alert_deliveries WHERE account_id = ? AND webhook_id = ?
                         ORDER BY created_at DESC, id LIMIT ?""")
                .params(accountId, webhookId, limit)
                .query(AlertWebhookStore::delivery)
                .list();
    }

    Optional<DeliveryView> delivery(String accountId, UUID id) {
        return jdbc.sql("SELECT * FROM alert_deliveries WHERE account_id = ? AND id = ?")
                .params(accountId, id)
                .query(AlertWebhookStore::delivery)
                .optional();
    }

    /** The claimed delivery, while the claim still holds it. */
    Optional<Pending> pending(String accountId, UUID id, UUID claim) {
        return jdbc.sql("""
                        SELECT d.id, d.webhook_id, w.url, w.secret_ciphertext, d.event, d.body, d.attempts
                          FROM alert_deliveries d JOIN alert_webhooks w ON w.id = d.webhook_id
                         WHERE d.account_id = ? AND d.id = ? AND d.claim_token = ? AND d.status = 'pending'""")
                .params(accountId, id, claim)
                .query((row, n) -> new Pending(
                        row.getObject("id", UUID.class),
                        row.getObject("webhook_id", UUID.class),
                        row.getString("url"),
                        row.getBytes("secret_ciphertext"),
                        row.getString("event"),
                        row.getString("body"),
                        row.getInt("attempts")))
                .optional();
    }

    /**
     * Counts an attempt about to be made, if the claim still holds the delivery (a replica whose lease ran out has
     * lost it to another): answers the attempt's number. The lease and the next attempt's time cover the wait after
     * it, so that a replica dying meanwhile hands it on no sooner than the backoff asks.
     */
    Optional<Integer> startAttempt(String accountId, UUID id, UUID claim, Instant nextAttemptAt, Instant leasedUntil) {
        return jdbc.sql("""
                        UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ?, leased_until = ?
                         WHERE account_id = ? AND id = ? AND claim_token = ? AND status = 'pending'
                        RETURNING attempts""")
                .params(timestamp(nextAttemptAt), timestamp(leasedUntil), accountId, id, claim)
                .query(Integer.class)
                .optional();
    }

    /** The outcome of an attempt: delivered, failed for good, or still pending. */
    void finishAttempt(
            String accountId, UUID id, UUID claim, String status, Integer statusCode, String error, Instant at) {
        jdbc.sql("""
                        UPDATE alert_deliveries SET status = ?, last_status_code = ?, last_error = ?,
                               delivered_at = CASE WHEN ? = 'delivered' THEN ?::timestamptz END,
                               claim_token = CASE WHEN ? = 'pending' THEN claim_token END,
                               leased_until = CASE WHEN ? = 'pending' THEN leased_until END
                         WHERE account_id = ? AND id = ? AND claim_token = ?""")
                .params(status, statusCode, error, status, timestamp(at), status, status, accountId, id, claim)
                .update();
    }

    /** Gives a claimed delivery back before its lease runs out (its next attempt time stays). */
    void release(String accountId, UUID id, UUID claim) {
        jdbc.sql("""
                        UPDATE alert_deliveries SET claim_token = NULL, leased_until = NULL
                         WHERE account_id = ? AND id = ? AND claim_token = ?""").params(accountId, id, claim).update();
    }

    private static WebhookView webhook(ResultSet row, int n) throws SQLException {
        return new WebhookView(
                row.getObject("id", UUID.class),
                row.getString("name"),
                row.getString("url"),
                row.getString("created_by"),
                instant(row, "created_at"));
    }

    private static DeliveryView delivery(ResultSet row, int n) throws SQLException {
        int code = row.getInt("last_status_code");
        Integer lastStatusCode = row.wasNull() ? null : code;
        return new DeliveryView(
                row.getObject("id", UUID.class),
                row.getObject("webhook_id", UUID.class),
                row.getString("event"),
                row.getString("status"),
                row.getInt("attempts"),
                lastStatusCode,
                row.getString("last_error"),
                instant(row, "created_at"),
                instant(row, "next_attempt_at"),
                instant(row, "delivered_at"));
    }
}

package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.service.web.UnauthorizedException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Finds the caller behind a presented API key, or refuses it with 401. */
@Component
class ApiKeyAuthenticator {

    private final JdbcClient jdbc;
    private final ApiKeyUsage usage;
    private final Clock clock;

    ApiKeyAuthenticator(JdbcClient jdbc, ApiKeyUsage usage, Clock clock) {
        this.jdbc = jdbc;
        this.usage = usage;
        this.clock = clock;
    }

    Caller authenticate(String presented) {
        if (!ApiKeySecrets.looksLikeKey(presented)) {
            throw new UnauthorizedException("invalid API key");
        }
        // Before the key is known so is the tenant: the look-up goes through the one function that may
        // see every account's keys, and it finds a key by the hash of its secret only.
        KeyRow key = jdbc.sql("SELECT * FROM api_key_by_secret_hash(?)")
                .param(ApiKeySecrets.hash(presented))
                .query((rs, n) -> new KeyRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("account_id"),
                        rs.getString("name"),
                        Role.fromWire(rs.getString("role")),
                        rs.getString("org_identifier"),
                        rs.getString("project_identifier"),
                        rs.getString("key_prefix"),
                        toInstant(rs.getTimestamp("expires_at")),
                        toInstant(rs.getTimestamp("revoked_at")),
                        Plan.fromWire(rs.getString("plan"))))
                .optional()
                .orElseThrow(() -> new UnauthorizedException("invalid API key"));
        Instant now = clock.instant();
        if (key.revokedAt() != null) {
            throw new UnauthorizedException("API key revoked");
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
            throw new UnauthorizedException("API key expired");
        }
        usage.used(key.id(), now);
        return new Caller(
                key.accountId(),
                Caller.Kind.API_KEY,
                key.id(),
                "apikey:" + key.name() + " (" + key.prefix() + "…)",
                List.of(new Grant(new ResourceScope(key.organization(), key.project()), key.role())),
                key.plan(),
                false);
    }

    private static Instant toInstant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record KeyRow(
            UUID id,
            String accountId,
            String name,
            Role role,
            String organization,
            String project,
            String prefix,
            Instant expiresAt,
            Instant revokedAt,
            Plan plan) {}
}

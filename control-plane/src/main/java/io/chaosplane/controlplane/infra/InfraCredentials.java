package io.chaosplane.controlplane.infra;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chaosplane.controlplane.common.Secrets;
import io.chaosplane.service.web.UnauthorizedException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks agents' credentials. Before the agent is known so is its tenant, so the look-up goes through the one
 * database function that may read any infrastructure's credentials. The hot path (every liveness call, every poll)
 * is served from a short-lived cache, so a busy fleet costs no query per request; a reset evicts its entry here,
 * and other replicas notice within the cache's lifetime.
 */
@Component
class InfraCredentials {

    record Stored(
            String accountId,
            InfrastructureType type,
            byte[] accessKeyHash,
            byte[] installTokenHash,
            Instant installTokenUsedAt,
            Instant installTokenIssuedAt) {}

    private final JdbcClient jdbc;
    private final Cache<UUID, Stored> cache = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();

    /** Seed 001's v2 calls, by access key: the same lifetime, so that a reset key stops working as soon. */
    private final Cache<String, Found> byKey = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();

    private record Found(UUID id, String identifier, String accountId, InfrastructureType type) {}

    private final Duration installTokenLifetime;
    private final Clock clock;

    InfraCredentials(JdbcClient jdbc, AgentInstallProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.installTokenLifetime = properties.installTokenLifetime();
        this.clock = clock;
    }

    AgentPrincipal authenticate(String infraId, String accessKey) {
        UUID id = parse(infraId);
        if (accessKey == null || accessKey.isBlank()) {
            throw new UnauthorizedException("X-Access-Key is required");
        }
        Stored stored = cache.get(id, key -> load(key).orElse(null));
        if (stored == null || !Secrets.sameHash(stored.accessKeyHash(), Secrets.sha256(accessKey))) {
            throw new UnauthorizedException("invalid infrastructure id or access key");
        }
        return new AgentPrincipal(id, stored.accountId(), stored.type());
    }

    /**
     * Seed 001's v2 calls: only {@code X-Access-Key}, and the infrastructure's id or identifier in the path. The key
     * finds its infrastructure; the path must name that one.
     */
    AgentPrincipal authenticateByKey(String pathInfra, String accessKey) {
        if (accessKey == null || accessKey.isBlank()) {
            throw new UnauthorizedException("X-Access-Key is required");
        }
        byte[] hash = Secrets.sha256(accessKey);
        Found found = Optional.ofNullable(byKey.get(
                        java.util.HexFormat.of().formatHex(hash),
                        key -> jdbc.sql("SELECT * FROM infrastructure_by_access_key(?)")
                                .param(hash)
                                .query((rs, n) -> new Found(
                                        rs.getObject("id", UUID.class),
                                        rs.getString("identifier"),
                                        rs.getString("account_id"),
                                        InfrastructureType.valueOf(rs.getString("type"))))
                                .optional()
                                .orElse(null)))
                .filter(infra -> infra.id().toString().equals(pathInfra)
                        || infra.identifier().equals(pathInfra))
                .orElseThrow(() -> new UnauthorizedException("invalid infrastructure id or access key"));
        return new AgentPrincipal(found.id(), found.accountId(), found.type());
    }

    /** The infrastructure an unused install token, issued no longer ago than its lifetime, belongs to. */
    AgentPrincipal checkInstallToken(String infraId, String installToken) {
        UUID id = parse(infraId);
        Stored stored = load(id).orElse(null);
        if (stored == null
                || installToken == null
                || !Secrets.sameHash(stored.installTokenHash(), Secrets.sha256(installToken))) {
            throw new UnauthorizedException("invalid infrastructure id or install token");
        }
        if (stored.installTokenUsedAt() != null) {
            throw new UnauthorizedException("install token already used; reset the infrastructure's key for a new one");
        }
        Instant expiry = stored.installTokenIssuedAt().plus(installTokenLifetime);
        if (!clock.instant().isBefore(expiry)) {
            throw new UnauthorizedException("install token expired at " + expiry + " (install tokens last "
                    + installTokenLifetime.toHours() + "h); reset the infrastructure's key for a new one");
        }
        return new AgentPrincipal(id, stored.accountId(), stored.type());
    }

    void forget(UUID infraId) {
        cache.invalidate(infraId);
        byKey.asMap().values().removeIf(found -> found.id().equals(infraId));
    }

    private Optional<Stored> load(UUID id) {
        return jdbc.sql("SELECT * FROM infrastructure_credentials(?)")
                .param(id)
                .query((rs, n) -> {
                    Timestamp used = rs.getTimestamp("install_token_used_at");
                    return new Stored(
                            rs.getString("account_id"),
                            InfrastructureType.valueOf(rs.getString("type")),
                            rs.getBytes("access_key_hash"),
                            rs.getBytes("install_token_hash"),
                            used == null ? null : used.toInstant(),
                            rs.getTimestamp("install_token_issued_at").toInstant());
                })
                .optional();
    }

    private static UUID parse(String infraId) {
        if (infraId == null || infraId.isBlank()) {
            throw new UnauthorizedException("X-Infra-ID is required");
        }
        try {
            return UUID.fromString(infraId.trim());
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException("invalid infrastructure id or access key");
        }
    }
}

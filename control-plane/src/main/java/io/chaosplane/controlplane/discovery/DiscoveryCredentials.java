package io.chaosplane.controlplane.discovery;

import io.chaosplane.controlplane.common.Secrets;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.UnauthorizedException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks discovery agents' tokens ({@code Authorization: Token <token>}). Before the agent is known so is its tenant,
 * so the look-up goes through the one database function that reads an agent's token hashes by its id. An unknown
 * agent is 404, as seed 001 answers; a wrong token 401.
 */
@Component
class DiscoveryCredentials {

    static final String SCHEME = "Token ";

    record Stored(
            String accountId,
            byte[] installTokenHash,
            Instant installTokenIssuedAt,
            Instant installTokenUsedAt,
            byte[] agentTokenHash) {}

    private final JdbcClient jdbc;
    private final Duration installTokenLifetime;
    private final Clock clock;

    DiscoveryCredentials(JdbcClient jdbc, DiscoveryProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.installTokenLifetime = properties.installTokenLifetime();
        this.clock = clock;
    }

    /** The account of the agent whose token this is. */
    String authenticateAgent(String agentId, String authorization) {
        String token = token(authorization);
        Stored stored = load(agentId);
        if (!Secrets.sameHash(stored.agentTokenHash(), Secrets.sha256(token))) {
            throw new UnauthorizedException("invalid agent token");
        }
        return stored.accountId();
    }

    /** The account of the agent whose unused, unexpired install token this is. */
    String checkInstallToken(String agentId, String installToken) {
        if (installToken == null || installToken.isBlank()) {
            throw new UnauthorizedException("the install token is required");
        }
        Stored stored = load(agentId);
        if (!Secrets.sameHash(stored.installTokenHash(), Secrets.sha256(installToken.strip()))) {
            throw new UnauthorizedException("invalid install token");
        }
        if (stored.installTokenUsedAt() != null) {
            throw new UnauthorizedException("install token already used: delete the agent and create it again");
        }
        Instant expiry = stored.installTokenIssuedAt().plus(installTokenLifetime);
        if (!clock.instant().isBefore(expiry)) {
            throw new UnauthorizedException("install token expired at " + expiry);
        }
        return stored.accountId();
    }

    static String token(String authorization) {
        if (authorization == null
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.substring(SCHEME.length()).isBlank()) {
            throw new UnauthorizedException("send the agent's token as 'Authorization: Token <token>'");
        }
        return authorization.substring(SCHEME.length()).strip();
    }

    private Stored load(String agentId) {
        Optional<Stored> stored = agentId == null || agentId.length() > 64
                ? Optional.empty()
                : jdbc.sql("SELECT * FROM discovery_agent_credentials(?)")
                        .param(agentId)
                        .query((rs, n) -> {
                            Timestamp used = rs.getTimestamp("install_token_used_at");
                            return new Stored(
                                    rs.getString("account_id"),
                                    rs.getBytes("install_token_hash"),
                                    rs.getTimestamp("install_token_issued_at").toInstant(),
                                    used == null ? null : used.toInstant(),
                                    rs.getBytes("agent_token_hash"));
                        })
                        .optional();
        return stored.orElseThrow(() -> new NotFoundException("discovery agent '" + agentId + "' not found"));
    }
}

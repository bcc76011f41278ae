package io.chaosplane.logservice.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.Claims;
import io.chaosplane.service.token.LogStreamTokens.InvalidTokenException;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.UnauthorizedException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Checks a request's log token against the stream it names: 401 when the token is missing, malformed, wrongly
 * signed or expired; 403 when it is for another account, does not cover the key, or lacks the permission.
 * Messages never repeat the token.
 */
@Component
public class StreamAccess {

    private final LogStreamTokens tokens;
    private final Clock clock;
    // An agent sends the same token with every batch: its signature is checked once, its expiry on every use.
    private final Cache<String, Claims> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    StreamAccess(LogStreamTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    public Claims require(String token, String accountId, String key, Permission permission) {
        Claims claims = token == null ? null : verified.getIfPresent(token);
        try {
            if (claims == null) {
                claims = tokens.verify(token);
                verified.put(token, claims);
            } else if (!clock.instant().isBefore(claims.expiresAt())) {
                throw new UnauthorizedException("token expired in " + LogStreamTokens.HEADER);
            }
        } catch (InvalidTokenException e) {
            throw new UnauthorizedException(e.getMessage() + " in " + LogStreamTokens.HEADER);
        }
        if (!claims.accountId().equals(accountId)) {
            throw new ForbiddenException("the token is for another account than accountID '" + accountId + "'");
        }
        if (!claims.coversKey(key)) {
            throw new ForbiddenException("the token does not cover log stream key '" + key + "'");
        }
        if (!claims.allows(permission)) {
            throw new ForbiddenException(
                    "the token does not allow " + permission.name().toLowerCase() + " access");
        }
        return claims;
    }
}

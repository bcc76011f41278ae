package io.chaosplane.logservice.access;

import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.Claims;
import io.chaosplane.service.token.LogStreamTokens.InvalidTokenException;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.UnauthorizedException;
import org.springframework.stereotype.Component;

/**
 * Checks a request's log token against the stream it names: 401 when the token is missing, malformed, wrongly
 * signed or expired; 403 when it is for another account, does not cover the key, or lacks the permission.
 * Messages never repeat the token.
 */
@Component
public class StreamAccess {

    private final LogStreamTokens tokens;

    StreamAccess(LogStreamTokens tokens) {
        this.tokens = tokens;
    }

    public Claims require(String token, String accountId, String key, Permission permission) {
        Claims claims;
        try {
            claims = tokens.verify(token);
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
            throw new ForbiddenException("the token does not allow " + permission.name().toLowerCase() + " access");
        }
        return claims;
    }
}

package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.CallerWithdrawn;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.auth.ApiKeyDtos.ApiKeyView;
import io.chaosplane.controlplane.auth.ApiKeyDtos.CreateApiKey;
import io.chaosplane.controlplane.auth.ApiKeyDtos.CreatedApiKey;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.tenancy.AccountService;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: issued by admins of their scope (admin keys only by people), shown once, kept as hashes, revocable, and
 * expiring within the account's longest key lifetime.
 */
@Service
public class ApiKeyService {

    private final ApiKeyStore keys;
    private final ApiKeySecrets secrets;
    private final ApiKeyMapper mapper;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final AccountService accounts;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ApiKeyService(
            ApiKeyStore keys,
            ApiKeySecrets secrets,
            ApiKeyMapper mapper,
            AccessGuard guard,
            ScopeDirectory scopes,
            AccountService accounts,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.events = events;
        this.keys = keys;
        this.secrets = secrets;
        this.mapper = mapper;
        this.guard = guard;
        this.scopes = scopes;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public CreatedApiKey create(CreateApiKey request) {
        if (request.projectIdentifier() != null && request.organizationIdentifier() == null) {
            throw InvalidInputException.of("organizationIdentifier", "is required when projectIdentifier is given");
        }
        ResourceScope scope = new ResourceScope(request.organizationIdentifier(), request.projectIdentifier());
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        if (request.role() == Role.ADMIN && caller.kind() != Caller.Kind.USER) {
            // else one leaked admin key could mint others that outlive its revocation
            throw new ForbiddenException("an API key cannot issue admin keys: a person signed in does");
        }
        scopes.requireExists(caller.accountId(), scope);
        Instant now = clock.instant();
        Duration maxLifetime = accounts.apiKeyMaxLifetime(caller.accountId());
        Instant latest = now.plus(maxLifetime);
        if (request.expiresAt() != null && request.expiresAt().isAfter(latest)) {
            throw InvalidInputException.of(
                    "expiresAt",
                    "must be at most " + maxLifetime.toDays() + " days from now (the account's longest key lifetime)");
        }
        Instant expiresAt = request.expiresAt() == null ? latest : request.expiresAt();
        String secret = secrets.newSecret();
        ApiKey key = keys.insert(
                new ApiKey(
                        UUID.randomUUID(),
                        caller.accountId(),
                        request.name(),
                        Objects.requireNonNullElse(request.description(), ""),
                        request.role(),
                        scope,
                        ApiKeySecrets.shownPrefix(secret),
                        caller.actor(),
                        now,
                        expiresAt,
                        null,
                        null,
                        null),
                ApiKeySecrets.hash(secret));
        audit.record(
                "apikey.create",
                key.id().toString(),
                Map.of(
                        "name",
                        key.name(),
                        "role",
                        key.role().wireName(),
                        "scope",
                        scope.toString(),
                        "prefix",
                        key.keyPrefix()));
        return new CreatedApiKey(secret, mapper.toView(key, clock));
    }

    @Transactional(readOnly = true)
    public ListResponse<ApiKeyView> list(Paging paging) {
        Caller caller = guard.require(Permission.MANAGE, ResourceScope.account(), "account");
        return ListResponse.of(
                "ApiKeyList",
                keys.findByAccountId(caller.accountId(), paging).stream()
                        .map(key -> mapper.toView(key, clock))
                        .toList(),
                keys.countByAccountId(caller.accountId()),
                paging);
    }

    @Transactional(readOnly = true)
    public ApiKeyView get(UUID id) {
        ApiKey key = find(id);
        guard.require(Permission.MANAGE, key.scope(), describe(id));
        return mapper.toView(key, clock);
    }

    /** Revokes the key; revoking a revoked key changes nothing. */
    @Transactional
    public ApiKeyView revoke(UUID id) {
        ApiKey key = find(id);
        Caller caller = guard.require(Permission.MANAGE, key.scope(), describe(id));
        if (keys.revoke(key, caller.actor(), clock.instant())) {
            audit.record("apikey.revoke", id.toString(), Map.of("name", key.name(), "prefix", key.keyPrefix()));
            // its open WebSockets close once this commits, on every replica
            events.publishEvent(new CallerWithdrawn(caller.accountId(), id));
        }
        return mapper.toView(find(id), clock);
    }

    private ApiKey find(UUID id) {
        return keys.findByAccountIdAndId(guard.caller().accountId(), id)
                .orElseThrow(() -> new NotFoundException(describe(id) + " not found"));
    }

    private static String describe(UUID id) {
        return "API key '" + id + "'";
    }
}

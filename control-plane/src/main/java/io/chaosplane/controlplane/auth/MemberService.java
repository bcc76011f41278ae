package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.CallerWithdrawn;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.auth.MemberDtos.ChangeRole;
import io.chaosplane.controlplane.auth.MemberDtos.MemberView;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.tenancy.AccountCreated;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members of an account and their roles; an admin manages the members of the scopes it administers. People join
 * only through invitations they accept ({@link InvitationService}); nothing here makes a person or sets a password.
 */
@Service
public class MemberService {

    private final MembershipStore memberships;
    private final UserStore users;
    private final ApiKeyStore apiKeys;
    private final AccessGuard guard;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MemberService(
            MembershipStore memberships,
            UserStore users,
            ApiKeyStore apiKeys,
            AccessGuard guard,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.events = events;
        this.memberships = memberships;
        this.users = users;
        this.apiKeys = apiKeys;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    /** The members of every scope the caller administers. */
    @Transactional(readOnly = true)
    public ListResponse<MemberView> list(Paging paging) {
        Caller caller = guard.caller();
        if (caller.grants().stream().noneMatch(grant -> grant.role() == Role.ADMIN)) {
            guard.require(Permission.MANAGE, ResourceScope.account(), "account"); // viewers and operators: 403
        }
        List<MemberView> visible = new ArrayList<>();
        for (Membership membership : memberships.findByAccountId(caller.accountId())) {
            if (guard.allows(Permission.MANAGE, membership.scope())) {
                users.findById(membership.userId()).ifPresent(user -> visible.add(toView(membership, user)));
            }
        }
        visible.sort(Comparator.comparing(MemberView::email).thenComparing(MemberView::createdAt));
        int from = Math.min(paging.offset(), visible.size());
        int to = Math.min(from + paging.limit(), visible.size());
        return ListResponse.of("MemberList", visible.subList(from, to), visible.size(), paging);
    }

    @Transactional
    public MemberView changeRole(UUID id, ChangeRole request) {
        Membership membership = find(id);
        requirePerson(guard.require(Permission.MANAGE, membership.scope(), describe(id)), "change roles");
        if (membership.role() == Role.ADMIN && request.role() != Role.ADMIN) {
            requireAnotherAccountAdmin(membership);
        }
        Role before = membership.role();
        Membership changed = membership.withRole(request.role());
        memberships.changeRole(changed);
        User user = users.findById(membership.userId()).orElseThrow();
        audit.record(
                "member.role",
                user.email(),
                Map.of(
                        "from",
                        before.wireName(),
                        "to",
                        request.role().wireName(),
                        "scope",
                        membership.scope().toString()));
        return toView(changed, user);
    }

    @Transactional
    public void remove(UUID id) {
        Membership membership = find(id);
        guard.require(Permission.MANAGE, membership.scope(), describe(id));
        if (membership.role() == Role.ADMIN) {
            requireAnotherAccountAdmin(membership);
        }
        memberships.delete(membership);
        String email = users.findById(membership.userId())
                .map(User::email)
                .orElse(membership.userId().toString());
        audit.record("member.remove", email, Map.of("scope", membership.scope().toString()));
        // the person's open WebSockets close once this commits (a reconnect is authorized afresh)
        events.publishEvent(new CallerWithdrawn(membership.accountId(), membership.userId()));
    }

    /**
     * Disables the member's person in the whole account at once: their memberships grant nothing from their next
     * request on (sessions and HTTP Basic alike), and the API keys they made in the account are revoked. Account
     * admins, signed in; not themselves, and not the last account admin.
     */
    @Transactional
    public MemberView disable(UUID id) {
        Membership membership = find(id);
        Caller caller = requirePerson(
                guard.require(Permission.MANAGE, ResourceScope.account(), describe(id)), "disable people");
        if (membership.userId().equals(caller.subjectId())) {
            throw new ConflictException("you cannot disable yourself");
        }
        User user = users.findById(membership.userId()).orElseThrow();
        Instant now = clock.instant();
        memberships.setDisabled(caller.accountId(), user.id(), now);
        if (membership.role() == Role.ADMIN && memberships.countAccountWide(caller.accountId(), Role.ADMIN) < 1) {
            throw new ConflictException("the account needs at least one admin; make someone else admin first");
        }
        List<UUID> keys = apiKeys.revokeMadeBy(caller.accountId(), "user:" + user.email(), caller.actor(), now);
        audit.record("member.disable", user.email(), Map.of("keysRevoked", keys.size()));
        events.publishEvent(new CallerWithdrawn(caller.accountId(), user.id()));
        keys.forEach(key -> events.publishEvent(new CallerWithdrawn(caller.accountId(), key)));
        return toView(find(id), user);
    }

    /** Enables a disabled person in the account again; the keys revoked when they were disabled stay revoked. */
    @Transactional
    public MemberView enable(UUID id) {
        Membership membership = find(id);
        Caller caller =
                requirePerson(guard.require(Permission.MANAGE, ResourceScope.account(), describe(id)), "enable people");
        User user = users.findById(membership.userId()).orElseThrow();
        memberships.setDisabled(caller.accountId(), user.id(), null);
        audit.record("member.enable", user.email(), Map.of());
        return toView(find(id), user);
    }

    /** The creator of a new account becomes its admin, in the transaction that creates the account. */
    @EventListener
    void accountCreated(AccountCreated event) {
        if (event.creatorUserId() != null) {
            memberships.insert(Membership.of(
                    event.accountId(), event.creatorUserId(), ResourceScope.account(), Role.ADMIN, clock.instant()));
        }
    }

    private void requireAnotherAccountAdmin(Membership membership) {
        if (membership.scope().organization() == null
                && memberships.countAccountWide(membership.accountId(), Role.ADMIN) <= 1) {
            throw new ConflictException("the account needs at least one admin; make someone else admin first");
        }
    }

    /** Who holds a role is decided by people: an API key cannot raise anyone's rights, nor take a person's away. */
    private static Caller requirePerson(Caller caller, String what) {
        if (caller.kind() != Caller.Kind.USER) {
            throw new ForbiddenException("an API key cannot " + what + ": a person signed in does");
        }
        return caller;
    }

    private Membership find(UUID id) {
        return memberships
                .findByAccountIdAndId(guard.caller().accountId(), id)
                .orElseThrow(() -> new NotFoundException(describe(id) + " not found"));
    }

    private static MemberView toView(Membership membership, User user) {
        return new MemberView(
                membership.id(),
                user.id(),
                user.email(),
                user.displayName(),
                membership.role(),
                membership.scope().organization(),
                membership.scope().project(),
                membership.createdAt(),
                membership.disabledAt() != null);
    }

    private static String describe(UUID id) {
        return "member '" + id + "'";
    }
}

package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.auth.MemberDtos.AddMember;
import io.chaosplane.controlplane.auth.MemberDtos.ChangeRole;
import io.chaosplane.controlplane.auth.MemberDtos.MemberView;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.tenancy.AccountCreated;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Members of an account and their roles; an admin manages the members of the scopes it administers. */
@Service
public class MemberService {

    private final MembershipStore memberships;
    private final UserStore users;
    private final UserAccounts userAccounts;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final AuditTrail audit;
    private final Clock clock;

    MemberService(
            MembershipStore memberships,
            UserStore users,
            UserAccounts userAccounts,
            AccessGuard guard,
            ScopeDirectory scopes,
            AuditTrail audit,
            Clock clock) {
        this.memberships = memberships;
        this.users = users;
        this.userAccounts = userAccounts;
        this.guard = guard;
        this.scopes = scopes;
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
    public MemberView add(AddMember request) {
        if (request.projectIdentifier() != null && request.organizationIdentifier() == null) {
            throw InvalidInputException.of("organizationIdentifier", "is required when projectIdentifier is given");
        }
        ResourceScope scope = new ResourceScope(request.organizationIdentifier(), request.projectIdentifier());
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(caller.accountId(), scope);
        User user = userAccounts.findByEmail(request.email()).orElseGet(() -> createUser(request));
        if (memberships.exists(caller.accountId(), user.id(), scope)) {
            throw new ConflictException(user.email() + " is already a member of " + scope);
        }
        Membership membership = memberships.insert(
                Membership.of(caller.accountId(), user.id(), scope, request.role(), clock.instant()));
        audit.record("member.add", user.email(), Map.of("role", request.role().wireName(), "scope", scope.toString()));
        return toView(membership, user);
    }

    @Transactional
    public MemberView changeRole(UUID id, ChangeRole request) {
        Membership membership = find(id);
        guard.require(Permission.MANAGE, membership.scope(), describe(id));
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

    private User createUser(AddMember request) {
        List<FieldProblem> missing = new ArrayList<>();
        if (request.displayName() == null || request.displayName().isBlank()) {
            missing.add(new FieldProblem("displayName", "is required for a new person"));
        }
        if (request.password() == null) {
            missing.add(new FieldProblem("password", "is required for a new person"));
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException(missing);
        }
        return userAccounts.create(request.email(), request.displayName().trim(), request.password(), false);
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
                membership.createdAt());
    }

    private static String describe(UUID id) {
        return "member '" + id + "'";
    }
}

package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.CallerContext;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.auth.InvitationDtos.AcceptInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.AcceptedInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.CreateInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.CreatedInvitation;
import io.chaosplane.controlplane.auth.InvitationDtos.InvitationPreview;
import io.chaosplane.controlplane.auth.InvitationDtos.InvitationView;
import io.chaosplane.controlplane.auth.InvitationStore.ByToken;
import io.chaosplane.controlplane.common.Secrets;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How people join an account: an admin (a person, never an API key) invites an e-mail address with a role and gets a
 * one-time link; the person behind the link accepts it, a new person with a password of their own, a known one
 * signed in as the invited address. Only the link's token proves the right to join, and only its hash is kept.
 */
@Service
public class InvitationService {

    private static final int TOKEN_LENGTH = 43; // base62, about 256 bits

    private final InvitationStore invitations;
    private final MembershipStore memberships;
    private final UserStore users;
    private final UserAccounts userAccounts;
    private final InvitationMail mail;
    private final PeopleProperties properties;
    private final AccessGuard guard;
    private final CallerContext callers;
    private final TenantContext tenantContext;
    private final ScopeDirectory scopes;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Secrets secrets;
    private final Clock clock;

    InvitationService(
            InvitationStore invitations,
            MembershipStore memberships,
            UserStore users,
            UserAccounts userAccounts,
            InvitationMail mail,
            PeopleProperties properties,
            AccessGuard guard,
            CallerContext callers,
            TenantContext tenantContext,
            ScopeDirectory scopes,
            AuditTrail audit,
            TransactionTemplate transactions,
            Secrets secrets,
            Clock clock) {
        this.invitations = invitations;
        this.memberships = memberships;
        this.users = users;
        this.userAccounts = userAccounts;
        this.mail = mail;
        this.properties = properties;
        this.guard = guard;
        this.callers = callers;
        this.tenantContext = tenantContext;
        this.scopes = scopes;
        this.audit = audit;
        this.transactions = transactions;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * Invites an address. The answer never depends on whether the address belongs to someone already: nobody learns
     * it here, and nothing about that person changes until they accept.
     */
    public CreatedInvitation create(CreateInvitation request) {
        if (request.projectIdentifier() != null && request.organizationIdentifier() == null) {
            throw InvalidInputException.of("organizationIdentifier", "is required when projectIdentifier is given");
        }
        ResourceScope scope = new ResourceScope(request.organizationIdentifier(), request.projectIdentifier());
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        requirePerson(caller, "invitations are made by people signed in, not by API keys");
        String token = secrets.randomBase62(TOKEN_LENGTH);
        Instant now = clock.instant();
        Invitation invitation = transactions.execute(status -> {
            scopes.requireExists(caller.accountId(), scope);
            Invitation made = invitations.insert(
                    new Invitation(
                            UUID.randomUUID(),
                            caller.accountId(),
                            request.email().trim(),
                            request.role(),
                            scope,
                            caller.actor(),
                            now,
                            now.plus(properties.invitationLifetime()),
                            null,
                            null),
                    Secrets.sha256(token));
            audit.record(
                    "invitation.create",
                    made.email(),
                    Map.of(
                            "role",
                            made.role().wireName(),
                            "scope",
                            scope.toString(),
                            "expiresAt",
                            made.expiresAt().toString()));
            return made;
        });
        String link = properties.invitationLink(token);
        // sent after the commit, so that a slow mail server never holds a transaction open
        boolean emailed = mail.send(invitation, link);
        return new CreatedInvitation(link, emailed, toView(invitation, now));
    }

    /** The invitations of the scopes the caller administers, newest first. */
    public ListResponse<InvitationView> list(Paging paging) {
        Caller caller = guard.caller();
        if (caller.grants().stream().noneMatch(grant -> grant.role() == Role.ADMIN)) {
            guard.require(Permission.MANAGE, ResourceScope.account(), "account"); // viewers and operators: 403
        }
        Instant now = clock.instant();
        return transactions.execute(status -> {
            List<InvitationView> visible = new ArrayList<>();
            for (Invitation invitation : invitations.findByAccountId(caller.accountId(), new Paging(0, 10_000))) {
                if (guard.allows(Permission.MANAGE, invitation.scope())) {
                    visible.add(toView(invitation, now));
                }
            }
            int from = Math.min(paging.offset(), visible.size());
            int to = Math.min(from + paging.limit(), visible.size());
            return ListResponse.of("InvitationList", visible.subList(from, to), visible.size(), paging);
        });
    }

    /** Revokes a pending invitation, so that its link stops working; revoking twice changes nothing. */
    public InvitationView revoke(UUID id) {
        return transactions.execute(status -> {
            Invitation invitation = invitations
                    .findByAccountIdAndId(guard.caller().accountId(), id)
                    .orElseThrow(() -> new NotFoundException(describe(id) + " not found"));
            guard.require(Permission.MANAGE, invitation.scope(), describe(id));
            Instant now = clock.instant();
            if (invitations.revoke(invitation, now)) {
                audit.record(
                        "invitation.revoke",
                        invitation.email(),
                        Map.of("scope", invitation.scope().toString()));
            }
            return toView(
                    invitations.findByAccountIdAndId(invitation.accountId(), id).orElseThrow(), now);
        });
    }

    /** What the link offers, for its page; a link that does not work (any more) is not found. */
    public InvitationPreview preview(String token) {
        ByToken found = pending(token);
        Invitation invitation = found.invitation();
        return new InvitationPreview(
                invitation.accountId(),
                found.accountName(),
                invitation.email(),
                invitation.role(),
                invitation.scope().organization(),
                invitation.scope().project(),
                invitation.expiresAt());
    }

    /**
     * Accepts the invitation: as the person signed in, who must be the invited address; else as a new person with the
     * name and password given, which only the person behind the link chooses.
     */
    public AcceptedInvitation accept(AcceptInvitation request) {
        Caller caller = callers.current().orElse(null);
        if (caller != null && caller.kind() != Caller.Kind.USER) {
            throw new ForbiddenException("an API key cannot accept an invitation: the invited person does");
        }
        ByToken found = pending(request.token());
        Invitation invitation = found.invitation();
        // the person signed in, found before the tenant changes: the invitation's account does not show them yet
        User signedIn = caller == null ? null : signedInPerson(caller);
        return tenantContext.callAs(
                invitation.accountId(),
                () -> transactions.execute(status ->
                        caller == null ? acceptAsNewPerson(invitation, request) : acceptAs(invitation, signedIn)));
    }

    private User signedInPerson(Caller caller) {
        String email = caller.actor().substring("user:".length());
        return users.findByEmail(email)
                .filter(user -> user.id().equals(caller.subjectId()))
                .orElseThrow(() -> new ForbiddenException("unknown person"));
    }

    private AcceptedInvitation acceptAs(Invitation invitation, User user) {
        if (!user.email().equalsIgnoreCase(invitation.email())) {
            throw new ForbiddenException("this invitation is for another e-mail address: sign in as "
                    + invitation.email() + " to accept it");
        }
        join(invitation, user);
        return accepted(invitation, false);
    }

    private AcceptedInvitation acceptAsNewPerson(Invitation invitation, AcceptInvitation request) {
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
        if (users.findByEmail(invitation.email()).isPresent()) {
            throw alreadyKnown(invitation);
        }
        User user;
        try {
            user = userAccounts.create(invitation.email(), request.displayName().trim(), request.password(), false);
        } catch (DuplicateKeyException raced) {
            throw alreadyKnown(invitation);
        }
        join(invitation, user);
        return accepted(invitation, true);
    }

    private void join(Invitation invitation, User user) {
        Instant now = clock.instant();
        if (!invitations.accept(invitation, user.id(), now)) {
            throw new NotFoundException("invitation not found, or no longer valid");
        }
        // already a member of that scope: the membership stays as it is
        if (!memberships.exists(invitation.accountId(), user.id(), invitation.scope())) {
            memberships.insert(
                    Membership.of(invitation.accountId(), user.id(), invitation.scope(), invitation.role(), now));
        }
        audit.record(
                invitation.accountId(),
                "user:" + user.email(),
                "invitation.accept",
                user.email(),
                "success",
                Map.of(
                        "role",
                        invitation.role().wireName(),
                        "scope",
                        invitation.scope().toString(),
                        "invitation",
                        invitation.id().toString()));
    }

    private ByToken pending(String token) {
        if (token == null || token.length() != TOKEN_LENGTH || !Secrets.isBase62(token)) {
            throw new NotFoundException("invitation not found, or no longer valid");
        }
        ByToken found = invitations
                .findByTokenHash(Secrets.sha256(token))
                .orElseThrow(() -> new NotFoundException("invitation not found, or no longer valid"));
        Invitation.Status status = found.invitation().statusAt(clock.instant());
        if (status != Invitation.Status.PENDING) {
            throw new NotFoundException("this invitation is " + status.wireName() + ": ask for a new one");
        }
        return found;
    }

    private static ConflictException alreadyKnown(Invitation invitation) {
        return new ConflictException(invitation.email()
                + " signs in to ChaosPlane already: sign in with it, then open the link again to accept");
    }

    private static void requirePerson(Caller caller, String message) {
        if (caller.kind() != Caller.Kind.USER) {
            throw new ForbiddenException(message);
        }
    }

    private static AcceptedInvitation accepted(Invitation invitation, boolean newPerson) {
        return new AcceptedInvitation(
                invitation.accountId(),
                invitation.email(),
                invitation.role(),
                invitation.scope().organization(),
                invitation.scope().project(),
                newPerson);
    }

    static InvitationView toView(Invitation invitation, Instant now) {
        return new InvitationView(
                invitation.id(),
                invitation.email(),
                invitation.role(),
                invitation.scope().organization(),
                invitation.scope().project(),
                invitation.statusAt(now).wireName(),
                invitation.invitedBy(),
                invitation.createdAt(),
                invitation.expiresAt(),
                invitation.acceptedAt(),
                invitation.revokedAt());
    }

    private static String describe(UUID id) {
        return "invitation '" + id + "'";
    }
}

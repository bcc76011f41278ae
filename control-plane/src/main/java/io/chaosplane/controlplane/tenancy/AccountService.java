package io.chaosplane.controlplane.tenancy;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.common.Identifiers;
import io.chaosplane.controlplane.tenancy.TenancyDtos.AccountView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateAccount;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateAccount;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.ForbiddenException;
import io.chaosplane.service.web.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Accounts: the tenants. Each new account starts with a {@code default} organization and project. */
@Service
public class AccountService {

    private final AccountRepository accounts;
    private final OrganizationRepository organizations;
    private final ProjectRepository projects;
    private final TenancyMapper mapper;
    private final AccessGuard guard;
    private final TenantContext tenantContext;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final SecureRandom random;
    private final Clock clock;

    AccountService(
            AccountRepository accounts,
            OrganizationRepository organizations,
            ProjectRepository projects,
            TenancyMapper mapper,
            AccessGuard guard,
            TenantContext tenantContext,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            SecureRandom random,
            Clock clock) {
        this.accounts = accounts;
        this.organizations = organizations;
        this.projects = projects;
        this.mapper = mapper;
        this.guard = guard;
        this.tenantContext = tenantContext;
        this.transactions = transactions;
        this.events = events;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Creates an account with its default organization and project. The creator (a person, or null for the
     * system) becomes its admin through {@link AccountCreated}.
     */
    public AccountView create(CreateAccount request, UUID creatorUserId) {
        String id = request.accountIdentifier() != null
                ? request.accountIdentifier()
                : Identifiers.newAccountIdentifier(random);
        return tenantContext.callAs(
                id,
                () -> transactions.execute(status -> {
                    if (accountExists(id)) {
                        throw new ConflictException("account '" + id + "' already exists");
                    }
                    var now = clock.instant();
                    Account account = accounts.save(new Account(id, request.name(), Plan.FREE, now));
                    organizations.save(new Organization(id, ProjectScope.DEFAULT_ORGANIZATION, "Default", "", now));
                    projects.save(new Project(
                            id,
                            ProjectScope.DEFAULT_ORGANIZATION,
                            ProjectScope.DEFAULT_PROJECT,
                            "Default Project",
                            "",
                            now));
                    // Listeners write to the new account in this transaction, not necessarily through JPA.
                    accounts.flush();
                    events.publishEvent(new AccountCreated(id, creatorUserId));
                    return mapper.toView(account);
                }));
    }

    /** The accounts the caller belongs to: its own for an API key, every membership's for a person. */
    public List<AccountView> listForCaller() {
        Caller caller = guard.caller();
        if (caller.kind() == Caller.Kind.API_KEY) {
            return List.of(get(caller.accountId()));
        }
        return accounts.idsOfMember(caller.subjectId()).stream()
                .map(id -> tenantContext.callAs(
                        id,
                        () -> transactions.execute(
                                status -> accounts.findById(id).map(mapper::toView))))
                .flatMap(java.util.Optional::stream)
                .sorted(java.util.Comparator.comparing(AccountView::createdAt))
                .toList();
    }

    public AccountView get(String accountId) {
        requireOwn(accountId);
        return transactions.execute(
                status -> accounts.findById(accountId).map(mapper::toView).orElseThrow(() -> notFound(accountId)));
    }

    public AccountView update(String accountId, UpdateAccount request) {
        requireOwn(accountId);
        Caller caller = guard.require(Permission.MANAGE, ResourceScope.account(), "account '" + accountId + "'");
        return transactions.execute(status -> {
            Account account = accounts.findById(accountId).orElseThrow(() -> notFound(accountId));
            var now = clock.instant();
            if (request.plan() != null && request.plan() != account.getPlan()) {
                if (!caller.platformAdmin()) {
                    throw new ForbiddenException("only a platform administrator may change an account's plan");
                }
                account.changePlan(request.plan(), now);
            }
            if (request.apiKeyMaxLifetimeDays() != null) {
                account.changeApiKeyMaxLifetime(request.apiKeyMaxLifetimeDays(), now);
            }
            if (request.requireAdminTwoFactor() != null) {
                account.requireAdminTwoFactor(request.requireAdminTwoFactor(), now);
            }
            account.rename(request.name(), now);
            return mapper.toView(account);
        });
    }

    public void delete(String accountId) {
        requireOwn(accountId);
        guard.require(Permission.MANAGE, ResourceScope.account(), "account '" + accountId + "'");
        transactions.executeWithoutResult(status -> accounts.deleteById(accountId));
    }

    /** The plan of the current account, which bounds its request rate. */
    public Plan planOf(String accountId) {
        return tenantContext.callAs(
                accountId,
                () -> transactions.execute(status ->
                        accounts.findById(accountId).map(Account::getPlan).orElse(Plan.FREE)));
    }

    /** The longest an API key of the current account may live. */
    public Duration apiKeyMaxLifetime(String accountId) {
        return transactions.execute(status -> accounts.findById(accountId)
                .map(account -> Duration.ofDays(account.getApiKeyMaxLifetimeDays()))
                .orElse(Duration.ofDays(Account.DEFAULT_API_KEY_MAX_LIFETIME_DAYS)));
    }

    private boolean accountExists(String id) {
        return accounts.identifierTaken(id);
    }

    private void requireOwn(String accountId) {
        if (!guard.caller().accountId().equals(accountId)) {
            throw notFound(accountId);
        }
    }

    private static NotFoundException notFound(String accountId) {
        return new NotFoundException("account '" + accountId + "' not found");
    }
}

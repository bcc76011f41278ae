package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.common.OffsetPageable;
import io.chaosplane.controlplane.common.Secrets;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.infra.InfrastructureDtos.CreateInfrastructure;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InstallInstructions;
import io.chaosplane.controlplane.tenancy.AccessGuard;
import io.chaosplane.controlplane.tenancy.Caller;
import io.chaosplane.controlplane.tenancy.Permission;
import io.chaosplane.controlplane.tenancy.ProjectScopes;
import io.chaosplane.controlplane.tenancy.ResourceScope;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.controlplane.tenancy.TenantContext;
import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import io.chaosplane.service.web.UnauthorizedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Chaos infrastructures: created in a project, confirmed once by their agent, reset when a key leaks. */
@Service
public class InfrastructureService {

    private static final int TOKEN_LENGTH = 32;

    private final InfrastructureRepository infrastructures;
    private final InfrastructureMapper mapper;
    private final InfraCredentials credentials;
    private final InstallCommands installCommands;
    private final Heartbeats heartbeats;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final Secrets secrets;
    private final AuditTrail audit;
    private final Events events;
    private final JdbcClient jdbc;
    private final TenantContext tenants;
    private final Clock clock;

    InfrastructureService(
            InfrastructureRepository infrastructures,
            InfrastructureMapper mapper,
            InfraCredentials credentials,
            InstallCommands installCommands,
            Heartbeats heartbeats,
            AccessGuard guard,
            ScopeDirectory scopes,
            Secrets secrets,
            AuditTrail audit,
            Events events,
            JdbcClient jdbc,
            TenantContext tenants,
            Clock clock) {
        this.infrastructures = infrastructures;
        this.mapper = mapper;
        this.credentials = credentials;
        this.installCommands = installCommands;
        this.heartbeats = heartbeats;
        this.guard = guard;
        this.scopes = scopes;
        this.secrets = secrets;
        this.audit = audit;
        this.events = events;
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Transactional
    public InstallInstructions create(CreateInfrastructure request) {
        Caller caller = guard.caller();
        ResourceScope scope =
                ProjectScopes.resolve(caller, request.organizationIdentifier(), request.projectIdentifier());
        guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(caller.accountId(), scope);
        if (infrastructures.existsByAccountIdAndOrganizationAndProjectAndIdentifier(
                caller.accountId(), scope.organization(), scope.project(), request.identifier())) {
            throw new ConflictException("infrastructure '" + request.identifier() + "' already exists in " + scope);
        }
        String token = secrets.randomBase62(TOKEN_LENGTH);
        Infrastructure infrastructure = infrastructures.save(new Infrastructure(
                caller.accountId(),
                scope.organization(),
                scope.project(),
                request.environmentIdentifier(),
                request.identifier(),
                request.name(),
                Objects.requireNonNullElse(request.description(), ""),
                Objects.requireNonNullElse(request.type(), InfrastructureType.Linux),
                Secrets.sha256(token),
                caller.actor(),
                clock.instant()));
        audit.record(
                "infrastructure.create", infrastructure.getId().toString(), Map.of("name", infrastructure.getName()));
        return instructions(infrastructure, token);
    }

    @Transactional(readOnly = true)
    public ListResponse<InfrastructureView> list(String organization, String project, Paging paging) {
        Caller caller = guard.caller();
        ResourceScope scope = ProjectScopes.resolve(caller, organization, project);
        guard.require(Permission.READ, scope, scope.toString());
        var page = infrastructures.findByAccountIdAndOrganizationAndProject(
                caller.accountId(),
                scope.organization(),
                scope.project(),
                OffsetPageable.of(paging, Sort.by("createdAt", "id")));
        return ListResponse.of(
                "InfrastructureList", page.map(mapper::toView).getContent(), page.getTotalElements(), paging);
    }

    @Transactional(readOnly = true)
    public InfrastructureView get(UUID id) {
        Infrastructure infrastructure = find(id);
        guard.require(Permission.READ, scopeOf(infrastructure), describe(id));
        return mapper.toView(infrastructure);
    }

    /** The infrastructure, if the caller may read it; for other features. */
    @Transactional(readOnly = true)
    public Optional<InfrastructureView> findVisible(UUID id) {
        return infrastructures
                .findByAccountIdAndId(guard.caller().accountId(), id)
                .filter(infrastructure -> guard.canSee(scopeOf(infrastructure)))
                .map(mapper::toView);
    }

    /** An infrastructure of the project by its id or identifier; for features that target one. */
    @Transactional(readOnly = true)
    public Optional<InfrastructureView> findInProject(ResourceScope project, String idOrIdentifier) {
        String account = guard.caller().accountId();
        Optional<Infrastructure> found;
        try {
            found = infrastructures.findByAccountIdAndId(account, UUID.fromString(idOrIdentifier));
        } catch (IllegalArgumentException notAUuid) {
            found = infrastructures.findByAccountIdAndOrganizationAndProjectAndIdentifier(
                    account, project.organization(), project.project(), idOrIdentifier);
        }
        return found.filter(infrastructure -> scopeOf(infrastructure).equals(project))
                .map(mapper::toView);
    }

    /** The project's infrastructures of a type the caller may read, connected ones first, then oldest first. */
    @Transactional(readOnly = true)
    public java.util.List<InfrastructureView> inProject(ResourceScope project, InfrastructureType type) {
        String account = guard.caller().accountId();
        return infrastructures
                .findByAccountIdAndOrganizationAndProject(
                        account,
                        project.organization(),
                        project.project(),
                        org.springframework.data.domain.PageRequest.of(0, 100, Sort.by("createdAt", "id")))
                .stream()
                .filter(infrastructure -> infrastructure.getType() == type && guard.canSee(scopeOf(infrastructure)))
                .sorted(java.util.Comparator.comparing(
                        infrastructure -> infrastructure.getStatus() != ConnectionStatus.CONNECTED))
                .map(mapper::toView)
                .toList();
    }

    @Transactional
    public void delete(UUID id) {
        Infrastructure infrastructure = find(id);
        guard.require(Permission.MANAGE, scopeOf(infrastructure), describe(id));
        infrastructures.delete(infrastructure);
        credentials.forget(id);
        audit.record("infrastructure.delete", id.toString(), Map.of("name", infrastructure.getName()));
    }

    /** A new install token; the agent's access key stops working at once and the agent must confirm again. */
    @Transactional
    public InstallInstructions resetKey(UUID id) {
        Infrastructure infrastructure = find(id);
        guard.require(Permission.MANAGE, scopeOf(infrastructure), describe(id));
        String token = secrets.randomBase62(TOKEN_LENGTH);
        infrastructure.resetCredentials(Secrets.sha256(token), clock.instant());
        credentials.forget(id);
        audit.record("infrastructure.reset-key", id.toString(), Map.of("name", infrastructure.getName()));
        return instructions(infrastructure, token);
    }

    /**
     * An agent's first call: its install token for an access key. The token works once; two agents racing with
     * one token get one key between them.
     */
    @Transactional
    public ConfirmResponse confirm(String infraId, String installToken, ConfirmRequest request) {
        checkConfirm(request); // before the token: a bad body must not spend it
        AgentPrincipal agent = credentials.checkInstallToken(infraId, installToken);
        try (TenantContext.Scope ignored = tenants.enter(agent.accountId())) {
            return confirmed(agent, infraId, request);
        }
    }

    /** Seed 001's confirm body: the agent's hostname and version, both required. */
    private static void checkConfirm(ConfirmRequest request) {
        if (request == null) {
            throw InvalidInputException.of("body", "is required: {\"hostname\": ..., \"version\": ...}");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.hostname() == null || request.hostname().isBlank()) {
            problems.add(new FieldProblem("hostname", "is required"));
        }
        if (request.version() == null || request.version().isBlank()) {
            problems.add(new FieldProblem("version", "is required"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private ConfirmResponse confirmed(AgentPrincipal agent, String infraId, ConfirmRequest request) {
        String accessKey = secrets.randomBase62(TOKEN_LENGTH);
        int confirmed = jdbc.sql("""
                        UPDATE infrastructures
                           SET install_token_used_at = ?, access_key_hash = ?, hostname = ?, agent_version = ?, updated_at = ?
                         WHERE account_id = ? AND id = ? AND install_token_used_at IS NULL""")
                .params(
                        java.sql.Timestamp.from(clock.instant()),
                        Secrets.sha256(accessKey),
                        truncate(request.hostname()),
                        truncate(request.version()),
                        java.sql.Timestamp.from(clock.instant()),
                        agent.accountId(),
                        agent.infrastructureId())
                .update();
        if (confirmed != 1) {
            throw new UnauthorizedException("install token already used; reset the infrastructure's key for a new one");
        }
        credentials.forget(agent.infrastructureId());
        heartbeats.forget(agent.infrastructureId());
        heartbeats.heard(agent.infrastructureId());
        Infrastructure infrastructure = infrastructures
                .findByAccountIdAndId(agent.accountId(), agent.infrastructureId())
                .orElseThrow();
        events.record(
                agent.accountId(),
                Events.Type.Normal,
                "AgentRegistered",
                new Events.Subject("Infrastructure", infrastructure.getName(), infraId, null, scopeOf(infrastructure)),
                "agent " + truncate(request.version()) + " on " + truncate(request.hostname()) + " confirmed");
        return new ConfirmResponse(agent.infrastructureId().toString(), accessKey);
    }

    private InstallInstructions instructions(Infrastructure infrastructure, String token) {
        boolean linux = infrastructure.getType() == InfrastructureType.Linux;
        return new InstallInstructions(
                mapper.toView(infrastructure),
                token,
                linux ? installCommands.linux(infrastructure.getId(), token) : null,
                linux ? null : installCommands.kubernetesManifest(infrastructure.getId(), token));
    }

    /**
     * The infrastructure an install token not yet used opens, for serving its install manifest (which carries the
     * token): 401 for a wrong or used token, like confirm.
     */
    @Transactional(readOnly = true)
    public InfrastructureView openedByInstallToken(String infraId, String installToken) {
        AgentPrincipal agent = credentials.checkInstallToken(infraId, installToken);
        try (TenantContext.Scope ignored = tenants.enter(agent.accountId())) {
            return infrastructures
                    .findByAccountIdAndId(agent.accountId(), agent.infrastructureId())
                    .map(mapper::toView)
                    .orElseThrow(() -> new UnauthorizedException("invalid infrastructure id or install token"));
        }
    }

    /** The agent's own infrastructure, for agent endpoints (which have no caller). */
    @Transactional(readOnly = true)
    public Optional<InfrastructureView> ofAgent(AgentPrincipal agent) {
        return infrastructures
                .findByAccountIdAndId(agent.accountId(), agent.infrastructureId())
                .map(mapper::toView);
    }

    /** An agent's heartbeat, answered from memory like the Linux liveness call. */
    public void heard(AgentPrincipal agent) {
        heartbeats.heard(agent.infrastructureId());
    }

    private Infrastructure find(UUID id) {
        return infrastructures
                .findByAccountIdAndId(guard.caller().accountId(), id)
                .orElseThrow(() -> new NotFoundException(describe(id) + " not found"));
    }

    static ResourceScope scopeOf(Infrastructure infrastructure) {
        return ResourceScope.project(infrastructure.getOrganization(), infrastructure.getProject());
    }

    private static String describe(UUID id) {
        return "infrastructure '" + id + "'";
    }

    private static String truncate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 255 ? value.substring(0, 255) : value;
    }
}

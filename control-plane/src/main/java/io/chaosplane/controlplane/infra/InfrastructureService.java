package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.common.Secrets;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.infra.InfrastructureDtos.CreateInfrastructure;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InstallInstructions;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.protocol.catalog.AgentCapabilities;
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
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Chaos infrastructures: created in a project, confirmed once by their agent, reset when a key leaks. */
@Service
public class InfrastructureService {

    private static final int TOKEN_LENGTH = 32;
    private static final int MAX_CAPABILITIES = 100;
    private static final Pattern CAPABILITY_NAME = Pattern.compile("[A-Za-z0-9_.+/ -]{1,64}");

    private final InfrastructureStore infrastructures;
    private final InfrastructureMapper mapper;
    private final InfraCredentials credentials;
    private final InstallCommands installCommands;
    private final Heartbeats heartbeats;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final Secrets secrets;
    private final AuditTrail audit;
    private final Events events;
    private final TenantContext tenants;
    private final ChaosSwitches switches;
    private final Clock clock;

    InfrastructureService(
            InfrastructureStore infrastructures,
            InfrastructureMapper mapper,
            InfraCredentials credentials,
            InstallCommands installCommands,
            Heartbeats heartbeats,
            AccessGuard guard,
            ScopeDirectory scopes,
            Secrets secrets,
            AuditTrail audit,
            Events events,
            TenantContext tenants,
            ChaosSwitches switches,
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
        this.tenants = tenants;
        this.switches = switches;
        this.clock = clock;
    }

    @Transactional
    public InstallInstructions create(ProjectScope scope, CreateInfrastructure request) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        if (infrastructures
                .find(scope.accountId(), scope.resource(), request.identifier())
                .isPresent()) {
            throw new ConflictException("infrastructure '" + request.identifier() + "' already exists in " + scope);
        }
        String token = secrets.randomBase62(TOKEN_LENGTH);
        Infrastructure infrastructure = new Infrastructure(
                UUID.randomUUID(),
                scope.accountId(),
                scope.organization(),
                scope.project(),
                request.environmentIdentifier(),
                request.identifier(),
                request.name(),
                Objects.requireNonNullElse(request.description(), ""),
                Objects.requireNonNullElse(request.type(), InfrastructureType.Linux),
                ConnectionStatus.PENDING,
                null,
                null,
                null,
                null,
                false,
                true,
                caller.actor(),
                clock.instant(),
                null);
        infrastructures.insert(infrastructure, Secrets.sha256(token));
        audit.record("infrastructure.create", infrastructure.id().toString(), Map.of("name", infrastructure.name()));
        return instructions(infrastructure, token);
    }

    @Transactional(readOnly = true)
    public ListResponse<InfrastructureView> list(ProjectScope scope, Paging paging) {
        guard.require(Permission.READ, scope, scope.toString());
        return ListResponse.of(
                "InfrastructureList",
                infrastructures.list(scope.accountId(), scope.resource(), paging).stream()
                        .map(mapper::toView)
                        .toList(),
                infrastructures.count(scope.accountId(), scope.resource()),
                paging);
    }

    @Transactional(readOnly = true)
    public InfrastructureView get(UUID id) {
        Infrastructure infrastructure = find(id);
        guard.require(Permission.READ, infrastructure.scope(), describe(id));
        return mapper.toView(infrastructure);
    }

    /** The infrastructure, if the caller may read it; for other features. */
    @Transactional(readOnly = true)
    public Optional<InfrastructureView> findVisible(UUID id) {
        return infrastructures
                .find(guard.caller().accountId(), id)
                .filter(infrastructure -> guard.canSee(infrastructure.scope()))
                .map(mapper::toView);
    }

    /** An infrastructure of the project by its id or identifier; for features that target one. */
    @Transactional(readOnly = true)
    public Optional<InfrastructureView> findInProject(ResourceScope project, String idOrIdentifier) {
        String account = guard.caller().accountId();
        Optional<Infrastructure> found;
        try {
            found = infrastructures.find(account, UUID.fromString(idOrIdentifier));
        } catch (IllegalArgumentException notAUuid) {
            found = infrastructures.find(account, project, idOrIdentifier);
        }
        return found.filter(infrastructure -> infrastructure.scope().equals(project))
                .map(mapper::toView);
    }

    /** The project's infrastructures of a type the caller may read, connected ones first, then oldest first. */
    @Transactional(readOnly = true)
    public java.util.List<InfrastructureView> inProject(ResourceScope project, InfrastructureType type) {
        String account = guard.caller().accountId();
        return infrastructures.list(account, project, new Paging(0, 100)).stream()
                .filter(infrastructure -> infrastructure.type() == type && guard.canSee(infrastructure.scope()))
                .sorted(java.util.Comparator.comparing(
                        infrastructure -> infrastructure.status() != ConnectionStatus.CONNECTED))
                .map(mapper::toView)
                .toList();
    }

    @Transactional
    public void delete(UUID id) {
        Infrastructure infrastructure = find(id);
        guard.require(Permission.MANAGE, infrastructure.scope(), describe(id));
        infrastructures.delete(infrastructure);
        credentials.forget(id);
        audit.record("infrastructure.delete", id.toString(), Map.of("name", infrastructure.name()));
    }

    /**
     * Turns the infrastructure's kill switch (operator): while off, no run starts on it (409) and its agent, told in
     * its poll and liveness answers, reverts what it runs and refuses every task. Every replica hears of it at once.
     */
    @Transactional
    public InfrastructureView setChaosEnabled(UUID id, boolean enabled) {
        Infrastructure infrastructure = find(id);
        Caller caller = guard.require(Permission.OPERATE, infrastructure.scope(), describe(id));
        if (infrastructure.chaosEnabled() != enabled) {
            infrastructures.setChaosEnabled(infrastructure.accountId(), id, enabled, clock.instant());
            audit.record(
                    "infrastructure.chaos",
                    id.toString(),
                    Map.of("name", infrastructure.name(), "chaosEnabled", enabled));
            events.record(
                    infrastructure.accountId(),
                    enabled ? Events.Type.Normal : Events.Type.Warning,
                    enabled ? "ChaosEnabled" : "ChaosDisabled",
                    new Events.Subject(
                            "Infrastructure", infrastructure.name(), id.toString(), null, infrastructure.scope()),
                    "chaos " + (enabled ? "enabled" : "disabled") + " on " + infrastructure.name() + " by "
                            + caller.actor());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    switches.changed();
                }
            });
        }
        return mapper.toView(find(id));
    }

    /**
     * Refuses (409, naming them) a run that would reach an infrastructure whose kill switch is off; from the database,
     * so that a switch turned a moment ago on another replica holds here too.
     */
    @Transactional(readOnly = true)
    public void requireChaosEnabled(String accountId, List<UUID> infrastructureIds) {
        List<Infrastructure> off = infrastructures.chaosDisabled(accountId, infrastructureIds);
        if (!off.isEmpty()) {
            throw new ConflictException("chaos is disabled on infrastructure "
                    + off.stream()
                            .map(infra -> "'" + infra.name() + "' (" + infra.id() + ")")
                            .collect(java.util.stream.Collectors.joining(", "))
                    + " (chaosEnabled is false); turn it on there before a run starts");
        }
    }

    /** Whether the agent's infrastructure lets chaos run, from this replica's memory; for agent answers. */
    public boolean chaosEnabled(AgentPrincipal agent) {
        return switches.enabled(agent.infrastructureId());
    }

    /** A new install token; the agent's access key stops working at once and the agent must confirm again. */
    @Transactional
    public InstallInstructions resetKey(UUID id) {
        Infrastructure infrastructure = find(id);
        guard.require(Permission.MANAGE, infrastructure.scope(), describe(id));
        String token = secrets.randomBase62(TOKEN_LENGTH);
        infrastructures.resetCredentials(infrastructure, Secrets.sha256(token), clock.instant());
        credentials.forget(id);
        audit.record("infrastructure.reset-key", id.toString(), Map.of("name", infrastructure.name()));
        return instructions(find(id), token);
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
        if (request.capabilities() != null) {
            checkNames("capabilities.kernelModules", request.capabilities().kernelModules(), problems);
            checkNames("capabilities.commands", request.capabilities().commands(), problems);
            checkNames("capabilities.kubernetes", request.capabilities().kubernetes(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** Module and command names, and Kubernetes verbs on resources ("delete pods"), as the catalogue spells them. */
    private static void checkNames(String field, List<String> names, List<FieldProblem> problems) {
        if (names == null) {
            return;
        }
        if (names.size() > MAX_CAPABILITIES) {
            problems.add(new FieldProblem(field, "at most " + MAX_CAPABILITIES + " entries"));
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || !CAPABILITY_NAME.matcher(name).matches()) {
                problems.add(new FieldProblem(
                        field + "[" + i + "]", "must be 1-64 letters, digits, spaces or _ . + / - (as sch_netem, tc)"));
            }
        }
    }

    /**
     * What the agent of an infrastructure reported at confirm that it can do, for run start (whose caller's access
     * was checked there); empty when the infrastructure is unknown or its agent reported nothing.
     */
    @Transactional(readOnly = true)
    public Optional<AgentCapabilities> capabilities(String accountId, UUID infrastructureId) {
        return infrastructures.find(accountId, infrastructureId).map(Infrastructure::capabilities);
    }

    private ConfirmResponse confirmed(AgentPrincipal agent, String infraId, ConfirmRequest request) {
        String accessKey = secrets.randomBase62(TOKEN_LENGTH);
        boolean confirmed = infrastructures.confirm(
                agent.accountId(),
                agent.infrastructureId(),
                Secrets.sha256(accessKey),
                truncate(request.hostname()),
                truncate(request.version()),
                request.capabilities(),
                clock.instant());
        if (!confirmed) {
            throw new UnauthorizedException("install token already used; reset the infrastructure's key for a new one");
        }
        credentials.forget(agent.infrastructureId());
        heartbeats.forget(agent.infrastructureId());
        heartbeats.heard(agent.infrastructureId());
        Infrastructure infrastructure = infrastructures
                .find(agent.accountId(), agent.infrastructureId())
                .orElseThrow();
        events.record(
                agent.accountId(),
                Events.Type.Normal,
                "AgentRegistered",
                new Events.Subject("Infrastructure", infrastructure.name(), infraId, null, infrastructure.scope()),
                "agent " + truncate(request.version()) + " on " + truncate(request.hostname()) + " confirmed");
        return new ConfirmResponse(agent.infrastructureId().toString(), accessKey);
    }

    private InstallInstructions instructions(Infrastructure infrastructure, String token) {
        boolean linux = infrastructure.type() == InfrastructureType.Linux;
        return new InstallInstructions(
                mapper.toView(infrastructure),
                token,
                installCommands.tokenExpiry(clock.instant()),
                linux ? installCommands.linux(infrastructure.id(), token) : null,
                linux ? null : installCommands.kubernetesManifest(infrastructure.id(), token));
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
                    .find(agent.accountId(), agent.infrastructureId())
                    .map(mapper::toView)
                    .orElseThrow(() -> new UnauthorizedException("invalid infrastructure id or install token"));
        }
    }

    /** The agent's own infrastructure, for agent endpoints (which have no caller). */
    @Transactional(readOnly = true)
    public Optional<InfrastructureView> ofAgent(AgentPrincipal agent) {
        return infrastructures.find(agent.accountId(), agent.infrastructureId()).map(mapper::toView);
    }

    /** An agent's heartbeat, answered from memory like the Linux liveness call. */
    public void heard(AgentPrincipal agent) {
        heartbeats.heard(agent.infrastructureId());
    }

    private Infrastructure find(UUID id) {
        return infrastructures
                .find(guard.caller().accountId(), id)
                .orElseThrow(() -> new NotFoundException(describe(id) + " not found"));
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

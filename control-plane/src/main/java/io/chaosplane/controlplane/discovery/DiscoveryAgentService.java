package io.chaosplane.controlplane.discovery;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.common.Identifiers;
import io.chaosplane.controlplane.common.Secrets;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentConfig;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentConfigRequest;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentDetails;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentSettings;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentView;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.CreateAgent;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.Cron;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.DataConfig;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.Install;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.InstallationDetails;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.KubernetesConfig;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.KubernetesRequest;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.Resources;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.controlplane.tenancy.EnvironmentService;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import io.chaosplane.service.web.UnauthorizedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 001's discovery agents: created by a project admin, read by its viewers, installed with a one-time token. Public
 * for the web UI, which calls create, list, get and delete as the REST API does.
 */
@Service
public class DiscoveryAgentService {

    static final String DEFAULT_CRON = "*/30 * * * *";
    static final int DEFAULT_WINDOW = 2;
    static final String DEFAULT_NAMESPACE = "chaosplane";
    private static final int TOKEN_LENGTH = 32;
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern K8S_IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");

    private final DiscoveryAgentStore store;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final EnvironmentService environments;
    private final InfrastructureService infrastructures;
    private final DiscoveryInstall install;
    private final DiscoveryProperties properties;
    private final Secrets secrets;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    DiscoveryAgentService(
            DiscoveryAgentStore store,
            AccessGuard guard,
            ScopeDirectory scopes,
            EnvironmentService environments,
            InfrastructureService infrastructures,
            DiscoveryInstall install,
            DiscoveryProperties properties,
            Secrets secrets,
            AuditTrail audit,
            JsonMapper json,
            Clock clock) {
        this.store = store;
        this.guard = guard;
        this.scopes = scopes;
        this.environments = environments;
        this.infrastructures = infrastructures;
        this.install = install;
        this.properties = properties;
        this.secrets = secrets;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public AgentView create(ProjectScope scope, CreateAgent request) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        StoredConfig config = validate(request);
        if (environments.find(scope, request.environmentIdentifier()).isEmpty()) {
            throw new NotFoundException(
                    "environment '" + request.environmentIdentifier() + "' not found in project " + scope);
        }
        InfrastructureView infrastructure = infrastructures
                .findInProject(scope.resource(), request.infraIdentifier())
                .filter(infra -> infra.environmentIdentifier() == null
                        || infra.environmentIdentifier().equals(request.environmentIdentifier()))
                .orElseThrow(() -> new NotFoundException("infrastructure '" + request.infraIdentifier()
                        + "' not found in environment '" + request.environmentIdentifier() + "' of " + scope));
        if (store.existsForInfrastructure(scope.accountId(), infrastructure.id())) {
            throw new ConflictException(
                    "infrastructure '" + infrastructure.identifier() + "' already has a discovery agent");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String token = secrets.randomBase62(TOKEN_LENGTH);
        DiscoveryAgent agent = new DiscoveryAgent(
                objectId(now),
                scope.accountId(),
                scope.organization(),
                scope.project(),
                request.environmentIdentifier(),
                infrastructure.id(),
                infrastructure.identifier(),
                request.name(),
                request.description() == null || request.description().isBlank()
                        ? "Discovery agent for infrastructure identity " + infrastructure.identifier()
                        : request.description(),
                request.tags() == null ? null : json.writeValueAsString(request.tags()),
                json.writeValueAsString(config),
                objectId(now),
                UUID.randomUUID(),
                HexFormat.of().formatHex(randomBytes(16)),
                "PENDING",
                null,
                null,
                null,
                caller.actor(),
                now,
                now,
                now);
        try {
            store.insert(agent, Secrets.sha256(token));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new ConflictException(
                    "infrastructure '" + infrastructure.identifier() + "' already has a discovery agent");
        }
        audit.record("discovery-agent.create", agent.id(), Map.of("name", agent.name()));
        Install instructions = infrastructure.type() == InfrastructureType.Kubernetes
                ? new Install(
                        token,
                        now.plus(properties.installTokenLifetime()),
                        install.manifestUrl(agent.id(), token),
                        null)
                : new Install(
                        token, now.plus(properties.installTokenLifetime()), null, install.command(agent.id(), token));
        return view(agent).withInstall(instructions);
    }

    @Transactional(readOnly = true)
    public ListResponse<AgentView> list(ProjectScope scope, Paging paging) {
        guard.require(Permission.READ, scope, scope.toString());
        scopes.requireExists(scope);
        return ListResponse.of(
                "DiscoveryAgentList",
                store.list(scope, paging.offset(), paging.limit()).stream()
                        .map(this::view)
                        .toList(),
                store.count(scope),
                paging);
    }

    @Transactional(readOnly = true)
    public AgentView get(ProjectScope scope, String id) {
        guard.require(Permission.READ, scope, scope.toString());
        return view(find(scope, id));
    }

    @Transactional
    public void delete(ProjectScope scope, String id) {
        guard.require(Permission.MANAGE, scope, scope.toString());
        DiscoveryAgent agent = find(scope, id);
        store.delete(agent.accountId(), agent.id());
        audit.record("discovery-agent.delete", agent.id(), Map.of("name", agent.name()));
    }

    /** The install token becomes the agent's token: once. Runs in the agent's account. */
    @Transactional
    AgentSettings exchange(String accountId, String agentId, boolean forManifest) {
        DiscoveryAgent agent = store.find(accountId, agentId)
                .orElseThrow(() -> new NotFoundException("discovery agent '" + agentId + "' not found"));
        String token = secrets.randomBase62(TOKEN_LENGTH);
        if (!store.exchangeToken(agent.accountId(), agent.id(), Secrets.sha256(token), clock.instant())) {
            throw new UnauthorizedException("install token already used: delete the agent and create it again");
        }
        // no person here: the agent itself, by its install token
        audit.record(
                agent.accountId(),
                "discovery-agent:" + agent.id(),
                "discovery-agent.install",
                agent.id(),
                "success",
                Map.of("via", forManifest ? "manifest" : "command"));
        return settings(agent, token);
    }

    /** What the agent is told to do; for the agent itself. */
    @Transactional(readOnly = true)
    AgentSettings settings(String accountId, String agentId) {
        DiscoveryAgent agent = store.find(accountId, agentId)
                .orElseThrow(() -> new NotFoundException("discovery agent '" + agentId + "' not found"));
        return settings(agent, null);
    }

    String manifest(AgentSettings settings) {
        return install.manifest(settings.agentID(), settings.config(), settings.token());
    }

    private AgentSettings settings(DiscoveryAgent agent, String token) {
        StoredConfig config = config(agent);
        return new AgentSettings(
                agent.id(),
                token,
                agent.accountId(),
                agent.organization(),
                agent.project(),
                agent.environment(),
                agent.infraIdentifier(),
                "/servicediscovery/api/v1/agents/" + agent.id() + "/data",
                config.config(),
                config.mtls(),
                config.proxy());
    }

    private DiscoveryAgent find(ProjectScope scope, String id) {
        return store.find(scope.accountId(), id)
                .filter(agent -> agent.scope().equals(scope))
                .orElseThrow(() -> new NotFoundException("discovery agent '" + id + "' not found in " + scope));
    }

    /** The configuration as stored: the response's shape, plus what the seed's response does not echo. */
    record StoredConfig(AgentConfig config, Map<String, Object> mtls, Map<String, Object> proxy) {}

    StoredConfig config(DiscoveryAgent agent) {
        return json.readValue(agent.configJson(), StoredConfig.class);
    }

    AgentView view(DiscoveryAgent agent) {
        Map<String, String> tags = agent.tagsJson() == null
                ? null
                : json.readValue(agent.tagsJson(), new TypeReference<Map<String, String>>() {});
        return new AgentView(
                agent.id(),
                agent.name(),
                agent.infraIdentifier(),
                agent.description(),
                tags,
                agent.accountId(),
                agent.organization(),
                agent.project(),
                agent.environment(),
                config(agent).config(),
                false,
                "",
                "CONNECTOR",
                agent.createdAt(),
                agent.updatedAt(),
                agent.createdBy(),
                agent.createdBy(),
                false,
                new InstallationDetails(
                        agent.installationId(),
                        agent.accountId(),
                        agent.organization(),
                        agent.project(),
                        agent.environment(),
                        agent.id(),
                        "",
                        "",
                        "",
                        new AgentDetails(agent.status(), agent.lastSnapshotAt(), agent.lastSnapshotBytes()),
                        false,
                        agent.logStreamId().toString(),
                        agent.installationCreatedAt(),
                        false,
                        agent.installationCreatedAt(),
                        "",
                        "",
                        false),
                agent.correlationId(),
                null);
    }

    /** Seed 001's body checked field by field, its defaults filled in. */
    static StoredConfig validate(CreateAgent request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null) {
            throw InvalidInputException.of("body", "is required: seed 001's discovery agent");
        }
        identifier(problems, "environmentIdentifier", request.environmentIdentifier());
        if (request.infraIdentifier() == null || request.infraIdentifier().isBlank()) {
            problems.add(new FieldProblem("infraIdentifier", "is required: the infrastructure to discover"));
        } else if (request.infraIdentifier().length() > 128) {
            problems.add(new FieldProblem("infraIdentifier", "must be at most 128 characters"));
        }
        if (request.name() == null || request.name().isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (request.name().length() > 128) {
            problems.add(new FieldProblem("name", "must be at most 128 characters"));
        }
        if (request.description() != null && request.description().length() > 1024) {
            problems.add(new FieldProblem("description", "must be at most 1024 characters"));
        }
        AgentConfigRequest given = request.config() == null
                ? new AgentConfigRequest(null, null, null, null, null, null, null, null)
                : request.config();
        DataConfig data = given.data() == null
                ? new DataConfig(null, null, null, null, null, null, null, null, null)
                : given.data();
        String cron = data.cron() == null || data.cron().expression() == null
                ? DEFAULT_CRON
                : data.cron().expression().strip();
        try {
            CRON.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(
                    "config.data.cron.expression",
                    "is not a five-field cron expression (minute hour day-of-month month day-of-week): "
                            + e.getMessage()));
        }
        int window = data.collectionWindowInMin() == null ? DEFAULT_WINDOW : data.collectionWindowInMin();
        if (window < 1 || window > 60) {
            problems.add(new FieldProblem("config.data.collectionWindowInMin", "must be between 1 and 60 minutes"));
        }
        namespaces(problems, "config.data.observedNamespaces", data.observedNamespaces());
        namespaces(problems, "config.data.blacklistedNamespaces", data.blacklistedNamespaces());
        text(problems, "config.data.namespaceSelector", data.namespaceSelector(), 1024);
        text(problems, "config.data.nodeAgentSelector", data.nodeAgentSelector(), 1024);
        KubernetesRequest k8s = given.kubernetes() == null
                ? new KubernetesRequest(null, null, null, null, null, null, null, null, null, null)
                : given.kubernetes();
        String namespace = k8s.namespace() == null || k8s.namespace().isBlank() ? DEFAULT_NAMESPACE : k8s.namespace();
        if (namespace.length() > 63 || !K8S_NAME.matcher(namespace).matches()) {
            problems.add(new FieldProblem(
                    "config.kubernetes.namespace", "must be a Kubernetes namespace name (a-z, 0-9, '-', at most 63)"));
        }
        String serviceAccount = Objects.requireNonNullElse(k8s.serviceAccount(), "");
        if (!serviceAccount.isEmpty()
                && (serviceAccount.length() > 253
                        || !K8S_NAME.matcher(serviceAccount).matches())) {
            problems.add(new FieldProblem("config.kubernetes.serviceAccount", "must be a Kubernetes name"));
        }
        long runAsUser = k8s.runAsUser() == null ? 2000 : k8s.runAsUser();
        long runAsGroup = k8s.runAsGroup() == null ? 2000 : k8s.runAsGroup();
        if (runAsUser < 0 || runAsUser > 2_147_483_647L) {
            problems.add(new FieldProblem("config.kubernetes.runAsUser", "must be a user id, 0 or more"));
        }
        if (runAsGroup < 0 || runAsGroup > 2_147_483_647L) {
            problems.add(new FieldProblem("config.kubernetes.runAsGroup", "must be a group id, 0 or more"));
        }
        String pullPolicy = Objects.requireNonNullElse(k8s.imagePullPolicy(), "");
        if (!List.of("", "Always", "IfNotPresent", "Never").contains(pullPolicy)) {
            problems.add(new FieldProblem(
                    "config.kubernetes.imagePullPolicy", "must be Always, IfNotPresent or Never (or empty)"));
        }
        for (String field : List.of("collectorImage", "logWatcherImage")) {
            String image = "collectorImage".equals(field) ? given.collectorImage() : given.logWatcherImage();
            if (image != null && !image.isEmpty() && !K8S_IMAGE.matcher(image).matches()) {
                problems.add(new FieldProblem("config." + field, "must be an image reference"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Resources resources = k8s.resources() == null
                ? new Resources(Map.of(), Map.of())
                : new Resources(
                        Objects.requireNonNullElse(k8s.resources().limits(), Map.of()),
                        Objects.requireNonNullElse(k8s.resources().requests(), Map.of()));
        AgentConfig config = new AgentConfig(
                Boolean.TRUE.equals(given.skipSecureVerify()),
                new KubernetesConfig(
                        Boolean.TRUE.equals(k8s.disableNamespaceCreation()),
                        Boolean.TRUE.equals(k8s.namespaced()),
                        namespace,
                        serviceAccount,
                        runAsUser,
                        runAsGroup,
                        pullPolicy,
                        k8s.nodeSelector(),
                        k8s.tolerations(),
                        resources),
                new DataConfig(
                        Boolean.TRUE.equals(data.enableNodeAgent()),
                        Objects.requireNonNullElse(data.nodeAgentSelector(), ""),
                        data.blacklistedNamespaces(),
                        data.observedNamespaces(),
                        Objects.requireNonNullElse(data.namespaceSelector(), ""),
                        Boolean.TRUE.equals(data.enableOrphanedPod()),
                        Boolean.TRUE.equals(data.enableBatchResources()),
                        window,
                        new Cron(cron)),
                Objects.requireNonNullElse(given.collectorImage(), ""),
                Objects.requireNonNullElse(given.logWatcherImage(), ""),
                given.imagePullSecrets());
        return new StoredConfig(
                config,
                given.mtls() == null ? Map.of() : new LinkedHashMap<>(given.mtls()),
                given.proxy() == null ? Map.of() : new LinkedHashMap<>(given.proxy()));
    }

    private static void identifier(List<FieldProblem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (!value.matches(Identifiers.PATTERN)) {
            problems.add(new FieldProblem(field, Identifiers.PATTERN_MESSAGE));
        }
    }

    private static void namespaces(List<FieldProblem> problems, String field, List<String> values) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            // seed 001's agent sends "" for "none": allowed, and ignored
            if (value != null
                    && !value.isEmpty()
                    && (value.length() > 63 || !K8S_NAME.matcher(value).matches())) {
                problems.add(new FieldProblem(field + "[" + i + "]", "must be a Kubernetes namespace name"));
            }
        }
    }

    private static void text(List<FieldProblem> problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
    }

    /** 24 hex digits as seed 001's ids: the second first (so they sort by creation), then 8 random bytes. */
    private String objectId(Instant now) {
        byte[] bytes = new byte[12];
        long seconds = now.getEpochSecond();
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        System.arraycopy(randomBytes(8), 0, bytes, 4, 8);
        return HexFormat.of().formatHex(bytes);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}

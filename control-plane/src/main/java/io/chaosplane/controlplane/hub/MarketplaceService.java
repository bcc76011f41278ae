package io.chaosplane.controlplane.hub;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.experiment.ExperimentManifest;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.hub.HubReader.Entry;
import io.chaosplane.controlplane.hub.HubReader.UnreadableHubException;
import io.chaosplane.controlplane.hub.HubStore.HubRow;
import io.chaosplane.controlplane.hub.HubStore.InstallRow;
import io.chaosplane.controlplane.hub.HubStore.PackageRow;
import io.chaosplane.controlplane.hub.MarketplaceDtos.HubRequest;
import io.chaosplane.controlplane.hub.MarketplaceDtos.HubView;
import io.chaosplane.controlplane.hub.MarketplaceDtos.InstallView;
import io.chaosplane.controlplane.hub.MarketplaceDtos.PackageView;
import io.chaosplane.controlplane.hub.MarketplaceDtos.Written;
import io.chaosplane.controlplane.workflow.WorkflowManifest;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The marketplace: packages of the built-in hub and of the account's hubs (as last read), read by viewers of a
 * project; hubs added, read and removed by account admins; a package installed into a project (its experiments
 * applied and its workflows written behind a review step, by the experiment and workflow services, so with their
 * validation and roles) after its file is checked against its hub's SHA-256.
 */
@Service
public class MarketplaceService {

    static final String BUILT_IN_HUB = "chaosplane";

    private static final Pattern HUB_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern PACKAGE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]{0,62})}");
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");
    private static final int MAX_VALUE = 253;

    private final HubStore store;
    private final HubReader reader;
    private final HubProperties properties;
    private final Scenarios scenarios;
    private final ProjectAccess access;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final YAMLMapper yaml = YAMLMapper.builder().build();
    private final List<Loaded> builtIn;

    /** A package as parsed, where it came from and whether its file matches its declared SHA-256. */
    record Loaded(String hub, HubPackage pkg, String declaredSha256, String content, Instant hubLastReadAt) {

        String id() {
            return hub + ":" + pkg.id();
        }

        boolean verified() {
            return sha256(content).equals(declaredSha256);
        }
    }

    MarketplaceService(
            HubStore store,
            HubReader reader,
            HubProperties properties,
            Scenarios scenarios,
            ProjectAccess access,
            AuditTrail audit,
            JsonMapper json,
            Clock clock,
            TransactionTemplate transactions) {
        this.store = store;
        this.reader = reader;
        this.properties = properties;
        this.scenarios = scenarios;
        this.access = access;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.transactions = transactions;
        this.builtIn = reader.builtIn().stream()
                .map(entry -> new Loaded(
                        BUILT_IN_HUB,
                        parse(entry.content())
                                .orElseThrow(() ->
                                        new IllegalStateException("built-in package " + entry.path() + " is invalid")),
                        entry.declaredSha256(),
                        entry.content(),
                        null))
                .toList();
    }

    // ---- packages -------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public ListResponse<PackageView> packages(ProjectScope scope, String category, String provider, Paging paging) {
        List<PackageView> matching = all(access.require(Permission.READ, scope)).stream()
                .filter(loaded -> category == null
                        || category.isBlank()
                        || category.equals(loaded.pkg().category()))
                .filter(loaded -> provider == null
                        || provider.isBlank()
                        || provider.equals(loaded.pkg().provider()))
                .map(loaded -> view(loaded, false))
                .toList();
        return ListResponse.of(
                "PackageList",
                matching.stream().skip(paging.offset()).limit(paging.limit()).toList(),
                matching.size(),
                paging);
    }

    @Transactional(readOnly = true)
    public PackageView get(ProjectScope scope, String packageId) {
        return view(find(access.require(Permission.READ, scope), packageId), true);
    }

    /** The categories and providers of the packages the project sees, for the Hub page's filters. */
    @Transactional(readOnly = true)
    public Map<String, List<String>> facets(ProjectScope scope) {
        List<Loaded> all = all(access.require(Permission.READ, scope));
        return Map.of(
                "category",
                        all.stream()
                                .map(l -> l.pkg().category())
                                .distinct()
                                .sorted()
                                .toList(),
                "provider",
                        all.stream()
                                .map(l -> l.pkg().provider())
                                .distinct()
                                .sorted()
                                .toList());
    }

    /** The built-in packages and those cached from the caller's account's hubs, for a caller checked already. */
    private List<Loaded> all(Caller caller) {
        Map<String, Instant> lastRead = new TreeMap<>();
        store.hubs(caller.accountId()).forEach(hub -> {
            if (hub.lastReadAt() != null) {
                lastRead.put(hub.identifier(), hub.lastReadAt());
            }
        });
        List<Loaded> all = new ArrayList<>(builtIn);
        for (PackageRow row : store.packages(caller.accountId())) {
            parse(row.content())
                    .ifPresent(pkg -> all.add(new Loaded(
                            row.hubIdentifier(),
                            pkg,
                            row.declaredSha256(),
                            row.content(),
                            lastRead.get(row.hubIdentifier()))));
        }
        return all;
    }

    private Loaded find(Caller caller, String packageId) {
        return all(caller).stream()
                .filter(loaded -> loaded.id().equals(packageId))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("package '" + packageId + "' not found"));
    }

    private static PackageView view(Loaded loaded, boolean withContent) {
        HubPackage pkg = loaded.pkg();
        return new PackageView(
                loaded.id(),
                loaded.hub(),
                pkg.name(),
                pkg.version(),
                pkg.category(),
                pkg.provider(),
                pkg.description(),
                pkg.faults(),
                pkg.requirements(),
                pkg.parameters(),
                names(pkg.experiments()),
                names(pkg.workflows()),
                loaded.declaredSha256(),
                loaded.verified(),
                loaded.hubLastReadAt(),
                withContent ? loaded.content() : null);
    }

    private static List<String> names(List<JsonNode> manifests) {
        return manifests.stream()
                .map(manifest -> manifest.path("metadata").path("name").asString(""))
                .toList();
    }

    /** A package file, or empty when it is not one (a hub's bad file must not hide its good ones). */
    private Optional<HubPackage> parse(String content) {
        try {
            HubPackage pkg = yaml.readValue(content, HubPackage.class);
            if (pkg == null
                    || pkg.id() == null
                    || !PACKAGE_ID.matcher(pkg.id()).matches()
                    || pkg.name() == null
                    || pkg.version() == null
                    || pkg.category() == null
                    || pkg.provider() == null
                    || pkg.parameters().stream().anyMatch(p -> p == null || p.name() == null)) {
                return Optional.empty();
            }
            return Optional.of(pkg);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    static String sha256(String content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- hubs -----------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<HubView> hubs() {
        Caller caller = access.requireAccountAdmin();
        return store.hubs(caller.accountId()).stream()
                .map(MarketplaceService::view)
                .toList();
    }

    @Transactional
    HubView addHub(HubRequest request) {
        Caller caller = access.requireAccountAdmin();
        if (request == null) {
            throw InvalidInputException.of("body", "is required: identifier, kind, url");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.identifier() == null
                || !HUB_ID.matcher(request.identifier()).matches()) {
            problems.add(new FieldProblem(
                    "identifier",
                    "must be 1-40 lower-case letters, digits, '-' or '_', starting with a letter or digit"));
        } else if (request.identifier().equals(BUILT_IN_HUB)) {
            problems.add(new FieldProblem("identifier", "'" + BUILT_IN_HUB + "' is the built-in hub's"));
        }
        HubKind kind = null;
        if (request.kind() == null || !Set.of("git", "http").contains(request.kind())) {
            problems.add(new FieldProblem("kind", "must be git or http"));
        } else {
            kind = HubKind.valueOf(request.kind());
        }
        if (kind != null) {
            urlProblem(kind, request.url()).ifPresent(message -> problems.add(new FieldProblem("url", message)));
        }
        if (request.ref() != null
                && (kind != HubKind.git || !REF.matcher(request.ref()).matches())) {
            problems.add(new FieldProblem(
                    "ref", kind == HubKind.git ? "must be a branch or tag name" : "is for git hubs only"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (!store.insertHub(
                caller.accountId(),
                request.identifier(),
                kind,
                request.url(),
                request.ref(),
                caller.actor(),
                clock.instant())) {
            throw new ConflictException("hub '" + request.identifier() + "' already exists");
        }
        audit.record(
                "marketplace.hub.add",
                "hub/" + request.identifier(),
                Map.of("kind", kind.name(), "url", request.url()));
        return view(store.hub(caller.accountId(), request.identifier()).orElseThrow());
    }

    private Optional<String> urlProblem(HubKind kind, String url) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            return Optional.of("is required, at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        Set<String> allowed = switch (kind) {
            case git ->
                properties.allowLocalRepositories()
                        ? Set.of("https", "http", "ssh", "git", "file")
                        : Set.of("https", "http", "ssh", "git");
            case http -> Set.of("https", "http");
        };
        if (!allowed.contains(scheme)) {
            return Optional.of("must be a " + String.join(", ", new java.util.TreeSet<>(allowed)) + " URL");
        }
        if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isBlank())) {
            return Optional.of("must name a host");
        }
        return Optional.empty();
    }

    @Transactional
    void removeHub(String identifier) {
        Caller caller = access.requireAccountAdmin();
        if (!store.deleteHub(caller.accountId(), identifier)) {
            throw new NotFoundException("hub '" + identifier + "' not found");
        }
        audit.record("marketplace.hub.remove", "hub/" + identifier, Map.of());
    }

    /**
     * Reads the hub now: on success its packages replace the cached ones; on failure the cached ones stay and the
     * hub keeps the error and the time it was last read. The read itself (a clone or HTTP requests, up to the
     * timeout) runs outside any transaction, so that it holds no database connection meanwhile.
     */
    HubView refresh(String identifier) {
        Caller caller = access.requireAccountAdmin();
        HubRow hub = transactions
                .execute(status -> store.hub(caller.accountId(), identifier))
                .orElseThrow(() -> new NotFoundException("hub '" + identifier + "' not found"));
        List<PackageRow> rows = new ArrayList<>();
        String error;
        try {
            List<String> skipped = new ArrayList<>();
            Set<String> ids = new java.util.HashSet<>();
            for (Entry entry : reader.read(hub.kind(), hub.url(), hub.ref())) {
                Optional<HubPackage> pkg = parse(entry.content());
                if (pkg.isEmpty() || !ids.add(pkg.get().id())) {
                    skipped.add(entry.path());
                } else {
                    rows.add(new PackageRow(identifier, pkg.get().id(), entry.declaredSha256(), entry.content()));
                }
            }
            error = skipped.isEmpty()
                    ? null
                    : "skipped, not a package or an id given twice: " + String.join(", ", skipped);
        } catch (UnreadableHubException e) {
            rows = null;
            error = e.getMessage();
        }
        List<PackageRow> read = rows;
        String problem = error;
        Instant now = clock.instant();
        return transactions.execute(status -> {
            if (store.hub(caller.accountId(), identifier).isEmpty()) {
                throw new NotFoundException("hub '" + identifier + "' not found");
            }
            if (read != null) {
                store.replacePackages(caller.accountId(), identifier, read, now);
            }
            if (problem != null) {
                store.recordFailure(caller.accountId(), identifier, problem, now);
            }
            audit.record(
                    "marketplace.hub.refresh",
                    "hub/" + identifier,
                    Map.of("packages", read == null ? "kept" : String.valueOf(read.size())));
            return view(store.hub(caller.accountId(), identifier).orElseThrow());
        });
    }

    private static HubView view(HubRow row) {
        return new HubView(
                row.identifier(),
                row.kind().name(),
                row.url(),
                row.ref(),
                row.createdBy(),
                row.createdAt(),
                row.lastReadAt(),
                row.lastTriedAt(),
                row.lastError(),
                row.packages());
    }

    // ---- install --------------------------------------------------------------------------------------------

    /**
     * Installs the package into the project: its parameters checked (400 naming a missing or unknown one), its file
     * checked against the SHA-256 its hub declares (409 if they differ), then its experiments applied and its
     * workflows written; installing again updates what the first install wrote.
     */
    @Transactional
    public InstallView install(ProjectScope scope, String packageId, Map<String, String> given) {
        // as creating an experiment: a project admin (403 below, 404 for a project the caller cannot see)
        Caller caller = access.require(Permission.MANAGE, scope);
        Loaded loaded = find(caller, packageId);
        Map<String, String> parameters = parameters(loaded.pkg(), given == null ? Map.of() : given);
        if (!loaded.verified()) {
            throw new ConflictException("package '" + packageId + "' does not match the SHA-256 its hub declares ("
                    + loaded.declaredSha256() + "); it was changed after the index was written, and is not installed");
        }
        Optional<InstallRow> before = store.install(scope, loaded.id());
        String parametersJson = json.writeValueAsString(new TreeMap<>(parameters));
        boolean same = before.map(row -> row.sha256().equals(loaded.declaredSha256())
                        && json.readTree(row.parametersJson()).equals(json.readTree(parametersJson)))
                .orElse(false);

        List<Written> experiments = new ArrayList<>();
        List<JsonNode> templates = loaded.pkg().experiments();
        for (int i = 0; i < templates.size(); i++) {
            ExperimentManifest manifest;
            try {
                manifest = json.treeToValue(substitute(templates.get(i), parameters), ExperimentManifest.class);
            } catch (JacksonException e) {
                throw InvalidInputException.of("experiments[" + i + "]", "the package's template is not an experiment");
            }
            try {
                ExperimentService.Change change = scenarios.apply(scope, manifest);
                experiments.add(new Written(
                        namespace(manifest.metadata().namespace()),
                        manifest.metadata().name(),
                        change.name()));
            } catch (InvalidInputException invalid) {
                throw invalid.within("experiments[" + i + "]");
            }
        }
        List<Written> workflows = new ArrayList<>();
        List<JsonNode> flows = loaded.pkg().workflows();
        for (int i = 0; i < flows.size(); i++) {
            WorkflowManifest manifest;
            try {
                manifest = json.treeToValue(substitute(flows.get(i), parameters), WorkflowManifest.class);
            } catch (JacksonException e) {
                throw InvalidInputException.of("workflows[" + i + "]", "the package's template is not a workflow");
            }
            if (manifest.metadata() == null
                    || manifest.spec() == null
                    || manifest.spec().templates() == null) {
                throw InvalidInputException.of(
                        "workflows[" + i + "]", "the package's workflow has no metadata or spec");
            }
            String namespace = namespace(manifest.metadata().namespace());
            boolean exists = scenarios
                    .workflow(scope, namespace, manifest.metadata().name())
                    .isPresent();
            if (exists && same) {
                workflows.add(new Written(namespace, manifest.metadata().name(), "unchanged"));
                continue;
            }
            try {
                scenarios.replace(scope, manifest);
            } catch (InvalidInputException invalid) {
                throw invalid.within("workflows[" + i + "]");
            }
            workflows.add(new Written(namespace, manifest.metadata().name(), exists ? "updated" : "created"));
        }
        store.saveInstall(
                scope,
                new InstallRow(
                        loaded.id(),
                        loaded.hub(),
                        loaded.pkg().version(),
                        loaded.declaredSha256(),
                        parametersJson,
                        experiments.stream()
                                .map(w -> w.namespace() + "/" + w.name())
                                .toList(),
                        workflows.stream()
                                .map(w -> w.namespace() + "/" + w.name())
                                .toList(),
                        caller.actor(),
                        clock.instant()));
        String change = before.isEmpty()
                ? "created"
                : same
                                && experiments.stream().allMatch(w -> w.change().equals("unchanged"))
                                && workflows.stream().allMatch(w -> w.change().equals("unchanged"))
                        ? "unchanged"
                        : "updated";
        audit.record(
                "marketplace.install",
                scope + "/" + loaded.id(),
                Map.of("version", loaded.pkg().version(), "change", change));
        return new InstallView(loaded.id(), loaded.pkg().version(), change, experiments, workflows);
    }

    private static String namespace(String namespace) {
        return namespace == null ? "default" : namespace;
    }

    private static Map<String, String> parameters(HubPackage pkg, Map<String, String> given) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> known = new java.util.HashSet<>();
        for (HubPackage.Parameter parameter : pkg.parameters()) {
            known.add(parameter.name());
            String value = given.get(parameter.name());
            if (value == null || value.isBlank()) {
                if (parameter.required()) {
                    problems.add(new FieldProblem(
                            "parameters." + parameter.name(),
                            "is required" + (parameter.description() == null ? "" : ": " + parameter.description())));
                } else {
                    values.put(parameter.name(), parameter.defaultValue());
                }
            } else if (value.length() > MAX_VALUE
                    || value.contains("${")
                    || value.chars().anyMatch(Character::isISOControl)) {
                problems.add(new FieldProblem(
                        "parameters." + parameter.name(),
                        "must be at most " + MAX_VALUE + " characters, without control characters or '${'"));
            } else {
                values.put(parameter.name(), value);
            }
        }
        given.keySet().stream()
                .filter(name -> !known.contains(name))
                .sorted()
                .forEach(name -> problems.add(
                        new FieldProblem("parameters." + name, "the package has no parameter '" + name + "'")));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return values;
    }

    /** The template with every {@code ${name}} in its strings (keys too) replaced by the parameter's value. */
    private static JsonNode substitute(JsonNode node, Map<String, String> values) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isString()) {
            return nodes.stringNode(replace(node.asString(), values));
        }
        if (node.isArray()) {
            ArrayNode copy = nodes.arrayNode();
            node.forEach(child -> copy.add(substitute(child, values)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = nodes.objectNode();
            node.properties()
                    .forEach(entry -> copy.set(replace(entry.getKey(), values), substitute(entry.getValue(), values)));
            return copy;
        }
        return node;
    }

    private static String replace(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}

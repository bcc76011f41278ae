package io.chaosplane.controlplane.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.analysis.BadgeTokens.BadgeToken;
import io.chaosplane.controlplane.common.Secrets;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.topology.ProjectTopologies;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.UnauthorizedException;
import io.chaosplane.topology.Availability;
import io.chaosplane.topology.Topology;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * README badges of a project's resilience, fetched with a read-only badge token (no session, no key): the token
 * finds its project through a definer function, and the figures are read in that project's account only.
 */
@Service
class BadgeService {

    static final int TOKEN_LENGTH = 32;
    static final Duration RUN_WINDOW = Duration.ofDays(30);

    /** The badge types, as the path names them. */
    enum Type {
        RESILIENCE_SCORE("resilience_score"),
        SLA_ESTIMATE("sla_estimate"),
        GRADE("grade"),
        SPOF_COUNT("spof_count"),
        COMPONENT_COUNT("component_count"),
        RUN_SCORE("run_score");

        final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        static Optional<Type> fromWire(String value) {
            return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
        }
    }

    record Badge(String label, String value, String color) {}

    record Rendered(String svg, String etag) {}

    private final BadgeTokens tokens;
    private final ProjectTopologies topology;
    private final ProjectFacts facts;
    private final AccessGuard guard;
    private final TenantContext tenants;
    private final TransactionTemplate transactions;
    private final Secrets secrets;
    private final AuditTrail audit;
    private final Clock clock;

    BadgeService(
            BadgeTokens tokens,
            ProjectTopologies topology,
            ProjectFacts facts,
            AccessGuard guard,
            TenantContext tenants,
            TransactionTemplate transactions,
            Secrets secrets,
            AuditTrail audit,
            Clock clock) {
        this.tokens = tokens;
        this.topology = topology;
        this.facts = facts;
        this.guard = guard;
        this.tenants = tenants;
        this.transactions = transactions;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    /** The badge for a token: no token 401; a token unknown or revoked 404, as an unknown type is. */
    Rendered badge(String typeName, String styleName, String token) {
        BadgeSvg.Style style = styleName == null
                ? BadgeSvg.Style.FLAT
                : BadgeSvg.Style.fromWire(styleName)
                        .orElseThrow(() -> InvalidInputException.of(
                                "style", "must be one of flat, flat-square, for-the-badge, plastic"));
        Type type = Type.fromWire(typeName)
                .orElseThrow(() -> new NotFoundException("no badge '" + typeName + "': one of resilience_score,"
                        + " sla_estimate, grade, spof_count, component_count, run_score"));
        if (token == null || token.isBlank()) {
            throw new UnauthorizedException("a badge needs its token: ?token=");
        }
        if (token.length() != TOKEN_LENGTH || !Secrets.isBase62(token)) {
            throw new NotFoundException("no such badge token");
        }
        BadgeTokens.Found found = tokens.findByHash(Secrets.sha256(token))
                .filter(t -> !t.revoked())
                .orElseThrow(() -> new NotFoundException("no such badge token"));
        Badge badge = tenants.callAs(
                found.scope().accountId(), () -> transactions.execute(status -> figures(found.scope(), type)));
        String svg = BadgeSvg.render(badge.label(), badge.value(), badge.color(), style);
        String etag = "\"" + HexFormat.of().formatHex(Secrets.sha256(svg), 0, 16) + "\"";
        return new Rendered(svg, etag);
    }

    /** What the badge shows, read in the token's project. */
    private Badge figures(ProjectScope scope, Type type) {
        Topology graph = topology.readForBadge(scope);
        return switch (type) {
            case RESILIENCE_SCORE -> {
                double score = graph.assess().roundedScore();
                yield new Badge("resilience", String.format(Locale.ROOT, "%.1f", score), scoreColor(score));
            }
            case GRADE -> {
                double score = graph.assess().roundedScore();
                yield new Badge("resilience grade", grade(score), scoreColor(score));
            }
            case SPOF_COUNT -> {
                int spofs = graph.assess().spofs().size();
                yield new Badge(
                        "SPOFs", String.valueOf(spofs), spofs == 0 ? "#4c1" : spofs <= 2 ? "#fe7d37" : "#e05d44");
            }
            case COMPONENT_COUNT -> new Badge("components", String.valueOf(graph.size()), "#007ec6");
            case SLA_ESTIMATE -> {
                if (graph.size() == 0) {
                    yield new Badge("SLA estimate", "n/a", "#9f9f9f");
                }
                double system = Availability.of(
                                graph, AdviceService.outcomesByComponent(graph, facts.outcomesByExperiment(scope)))
                        .system();
                double percent = 100 * system;
                yield new Badge(
                        "SLA estimate",
                        String.format(Locale.ROOT, "%.2f%%", Math.floor(percent * 100) / 100),
                        percent >= 99.9 ? "#4c1" : percent >= 99 ? "#dfb317" : "#e05d44");
            }
            case RUN_SCORE -> {
                ProjectFacts.PassRate rate =
                        facts.passRate(scope, clock.instant().minus(RUN_WINDOW));
                if (rate.rate() == null) {
                    yield new Badge("chaos runs", "no runs", "#9f9f9f");
                }
                long percent = Math.round(100 * rate.rate());
                yield new Badge(
                        "chaos runs",
                        percent + "% passed",
                        percent >= 90 ? "#4c1" : percent >= 70 ? "#dfb317" : "#e05d44");
            }
        };
    }

    /** A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below. */
    static String grade(double score) {
        if (score >= 90) {
            return "A";
        }
        if (score >= 80) {
            return "B";
        }
        if (score >= 70) {
            return "C";
        }
        return score >= 60 ? "D" : "F";
    }

    static String scoreColor(double score) {
        if (score >= 90) {
            return "#4c1";
        }
        if (score >= 75) {
            return "#97ca00";
        }
        if (score >= 60) {
            return "#dfb317";
        }
        return score >= 40 ? "#fe7d37" : "#e05d44";
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TokenView(
            UUID id,
            String token,
            String createdBy,
            Instant createdAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant revokedAt) {}

    /** A new badge token of the project (admin); its value is shown here and in the Markdown snippets. */
    @Transactional
    TokenView create(ProjectScope scope) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        topology.read(scope, Permission.READ);
        String token = secrets.randomBase62(TOKEN_LENGTH);
        BadgeToken made = new BadgeToken(UUID.randomUUID(), scope, token, caller.actor(), clock.instant(), null);
        tokens.insert(made, Secrets.sha256(token));
        audit.record(
                "badge_token.create", scope.toString(), Map.of("id", made.id().toString()));
        return view(made);
    }

    @Transactional(readOnly = true)
    List<TokenView> list(ProjectScope scope) {
        guard.require(Permission.MANAGE, scope, scope.toString());
        topology.read(scope, Permission.READ);
        return tokens.list(scope).stream().map(BadgeService::view).toList();
    }

    @Transactional
    void revoke(ProjectScope scope, UUID id) {
        guard.require(Permission.MANAGE, scope, scope.toString());
        topology.read(scope, Permission.READ);
        if (!tokens.revoke(scope, id, clock.instant())) {
            throw new NotFoundException("badge token " + id + " not found");
        }
        audit.record("badge_token.revoke", scope.toString(), Map.of("id", id.toString()));
    }

    record Snippet(String type, String url, String markdown) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MarkdownView(UUID tokenId, List<Snippet> badges) {}

    /** Each badge's URL and Markdown with the project's newest live token (viewer); none yet is 404. */
    @Transactional(readOnly = true)
    MarkdownView markdown(ProjectScope scope, String baseUrl, String defaultBaseUrl) {
        topology.read(scope, Permission.READ);
        String base = checkedBase(baseUrl == null || baseUrl.isBlank() ? defaultBaseUrl : baseUrl);
        BadgeToken token = tokens.list(scope).stream()
                .filter(t -> t.revokedAt() == null)
                .findFirst()
                .orElseThrow(() -> new NotFoundException(
                        "no badge token in project " + scope + ": an admin makes one with POST /api/badge-tokens"));
        List<Snippet> snippets = Arrays.stream(Type.values())
                .map(type -> {
                    String url = base + "/badge/" + type.wireName + ".svg?style=flat&token=" + token.token();
                    return new Snippet(type.wireName, url, "![" + type.wireName.replace('_', ' ') + "](" + url + ")");
                })
                .toList();
        return new MarkdownView(token.id(), snippets);
    }

    /** An absolute http(s) address without query or fragment, written without its trailing slash. */
    static String checkedBase(String value) {
        try {
            URI uri = new URI(value);
            if (value.length() > 2000
                    || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw InvalidInputException.of(
                        "base_url", "must be an http or https address without user, query or fragment");
            }
        } catch (URISyntaxException e) {
            throw InvalidInputException.of("base_url", "is not an address: " + e.getReason());
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static TokenView view(BadgeToken token) {
        return new TokenView(token.id(), token.token(), token.createdBy(), token.createdAt(), token.revokedAt());
    }
}

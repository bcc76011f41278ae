package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.policy.PolicyService;
import io.chaosplane.controlplane.schedule.ScheduleDtos.Blackout;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestInput;
import io.chaosplane.protocol.units.GoDuration;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks a CreateTestInput and applies its defaults; on PUT, members left out keep the test's values. Every problem
 * is reported at its field, all at once.
 */
@Component
class TestInputs {

    static final String PROVIDER = "chaosplane";
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final int MAX_NAME = 63;
    private static final int DEFAULT_HISTORY = 10;
    private static final int MAX_HISTORY = 1000;
    private static final int MAX_BLACKOUTS = 100;
    private static final int MAX_TEXT = 253;

    private final ExperimentService experiments;
    private final PolicyService policies;

    TestInputs(ExperimentService experiments, PolicyService policies) {
        this.experiments = experiments;
        this.policies = policies;
    }

    /** A checked input: the test's name, the experiment it runs and its members. */
    record Resolved(String name, UUID experimentId, ScheduledTest.Spec spec) {}

    Resolved resolve(ProjectScope scope, TestInput input, ScheduledTest current) {
        List<FieldProblem> problems = new ArrayList<>();
        if (input == null) {
            throw InvalidInputException.of("body", "must be a CreateTestInput object");
        }
        ScheduledTest.Spec was = current == null ? null : current.spec();
        String name = current == null ? input.name() : current.name();
        if (current == null) {
            name(name, problems);
        } else if (input.name() != null && !input.name().equals(current.name())) {
            problems.add(new FieldProblem(
                    "name", "must be the test's name '" + current.name() + "' (tests are not renamed)"));
        }
        String namespace = or(input.namespace(), was == null ? "default" : was.namespace());
        name("namespace", namespace, problems);
        String provider = or(input.provider(), was == null ? PROVIDER : was.provider());
        if (!PROVIDER.equals(provider)) {
            problems.add(new FieldProblem(
                    "provider",
                    "must be 'chaosplane': restore providers such as velero, kasten or trilio are not supported"));
        }
        if (input.workflow() != null) {
            problems.add(new FieldProblem(
                    "workflow",
                    "scheduling a workflow is not supported yet (a workflow runs once); name an experiment"));
        }
        String experiment = or(input.experiment(), was == null ? null : was.experiment());
        UUID experimentId = current == null ? null : current.experimentId();
        if (experiment == null || experiment.isBlank()) {
            if (input.workflow() == null) {
                problems.add(new FieldProblem("experiment", "must name the experiment to run (namespace/name)"));
            }
        } else if (input.experiment() != null || current == null) {
            String[] parts = experiment.contains("/") ? experiment.split("/", 2) : new String[] {namespace, experiment};
            Optional<UUID> id = experiments.idOf(scope, parts[0], parts[1]);
            if (id.isEmpty()) {
                problems.add(new FieldProblem(
                        "experiment",
                        "no experiment '" + parts[1] + "' in namespace '" + parts[0] + "' of this project"));
            } else {
                experimentId = id.get();
                experiment = parts[0] + "/" + parts[1];
            }
        }
        String cron = or(input.cron(), was == null ? null : was.cron());
        String timezone = or(input.timezone(), was == null ? "UTC" : was.timezone());
        try {
            CronSchedule.parse(cron, timezone);
        } catch (CronSchedule.Invalid invalid) {
            problems.add(new FieldProblem(invalid.field(), invalid.getMessage()));
        }
        String ttl = duration("ttl", or(input.ttl(), was == null ? null : was.ttl()), problems);
        String maxRto = duration("maxRTO", or(input.maxRTO(), was == null ? null : was.maxRTO()), problems);
        String policy = or(input.healthCheckPolicy(), was == null ? null : was.healthCheckPolicy());
        if (policy != null && input.healthCheckPolicy() != null) {
            try {
                policies.get(scope, policy);
            } catch (NotFoundException e) {
                problems.add(new FieldProblem("healthCheckPolicy", "no policy '" + policy + "' in this project"));
            }
        }
        int history =
                Objects.requireNonNullElse(input.historyLimit(), was == null ? DEFAULT_HISTORY : was.historyLimit());
        if (history < 1 || history > MAX_HISTORY) {
            problems.add(new FieldProblem("historyLimit", "must be between 1 and " + MAX_HISTORY));
        }
        List<String> sources = input.sourceNamespaces() != null
                ? input.sourceNamespaces()
                : was == null ? List.of() : was.sourceNamespaces();
        for (int i = 0; i < sources.size(); i++) {
            name("sourceNamespaces[" + i + "]", sources.get(i), problems);
        }
        List<Blackout> blackouts =
                input.blackouts() != null ? input.blackouts() : was == null ? List.of() : was.blackouts();
        blackouts(blackouts, problems);
        text("backupName", input.backupName(), problems);
        text("namespacePrefix", input.namespacePrefix(), problems);
        text("networkIsolation", input.networkIsolation(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Resolved(
                name,
                experimentId,
                new ScheduledTest.Spec(
                        namespace,
                        provider,
                        experiment,
                        or(input.backupName(), was == null ? null : was.backupName()),
                        List.copyOf(sources),
                        cron.trim(),
                        timezone,
                        or(input.namespacePrefix(), was == null ? null : was.namespacePrefix()),
                        ttl,
                        or(input.networkIsolation(), was == null ? null : was.networkIsolation()),
                        policy,
                        maxRto,
                        input.alertOnExceed() != null ? input.alertOnExceed() : was != null && was.alertOnExceed(),
                        history,
                        List.copyOf(blackouts)));
    }

    private static void name(String name, List<FieldProblem> problems) {
        name("name", name, problems);
    }

    private static void name(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "must not be blank"));
        } else if (value.length() > MAX_NAME || !NAME.matcher(value).matches()) {
            problems.add(new FieldProblem(
                    field, "must be lower-case letters, digits and '-', at most " + MAX_NAME + " characters"));
        }
    }

    private static String duration(String field, String value, List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        try {
            Duration duration = GoDuration.parse(value);
            if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0) {
                problems.add(new FieldProblem(field, "must be between 1s and 168h"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "must be a duration such as 30m or 1h30m"));
        }
        return value;
    }

    private static void blackouts(List<Blackout> blackouts, List<FieldProblem> problems) {
        if (blackouts.size() > MAX_BLACKOUTS) {
            problems.add(new FieldProblem("blackouts", "at most " + MAX_BLACKOUTS));
            return;
        }
        for (int i = 0; i < blackouts.size(); i++) {
            Blackout blackout = blackouts.get(i);
            String field = "blackouts[" + i + "]";
            if (blackout == null) {
                problems.add(new FieldProblem(field, "must be an object with from and to"));
                continue;
            }
            if (blackout.from() == null) {
                problems.add(new FieldProblem(field + ".from", "must be an RFC 3339 time"));
            }
            if (blackout.to() == null) {
                problems.add(new FieldProblem(field + ".to", "must be an RFC 3339 time"));
            } else if (blackout.from() != null && !blackout.to().isAfter(blackout.from())) {
                problems.add(new FieldProblem(field + ".to", "must be after from"));
            }
            text(field + ".reason", blackout.reason(), problems);
        }
    }

    private static void text(String field, String value, List<FieldProblem> problems) {
        if (value != null && value.length() > MAX_TEXT) {
            problems.add(new FieldProblem(field, "must be at most " + MAX_TEXT + " characters"));
        }
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}

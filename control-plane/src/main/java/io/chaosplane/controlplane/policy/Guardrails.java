package io.chaosplane.controlplane.policy;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.policy.PolicyRule.Window;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.protocol.linux.TaskLimits;
import io.chaosplane.protocol.units.GoDuration;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates the project's enabled policies before a run starts. A failed rule refuses the run with 403 naming the
 * policy and the rule, and nothing is injected; otherwise the outcome is the run's governance step.
 */
@Component
public class Guardrails {

    private final PolicyRepository policies;
    private final Events events;
    private final TransactionTemplate ownTransaction;
    private final JsonMapper json;
    private final FaultCatalog catalog;
    private final Clock clock;

    Guardrails(
            PolicyRepository policies,
            Events events,
            TransactionTemplate transactions,
            JsonMapper json,
            FaultCatalog catalog,
            Clock clock) {
        this.policies = policies;
        this.events = events;
        this.ownTransaction = new TransactionTemplate(Objects.requireNonNull(transactions.getTransactionManager()));
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * The governance of the run, or {@link PolicyViolationException} when a rule forbids it (recorded as an event
     * that outlives the refused request).
     */
    public Governance evaluate(String accountId, RunCandidate run) {
        Instant started = clock.instant();
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean approval = false;
        PolicyViolationException refusal = null;
        for (Policy policy : policies.findByAccountIdAndOrganizationAndProjectAndEnabledTrueOrderByName(
                accountId, run.organization(), run.project())) {
            for (PolicyRule rule : rules(policy)) {
                String name = policy.getName() + "/" + rule.name();
                Outcome outcome = judge(rule, run, started);
                switch (outcome.verdict()) {
                    case PASSED -> passed.add(name);
                    case SKIPPED -> skipped.add(name);
                    case FAILED -> {
                        failed.add(name);
                        if (refusal == null) {
                            refusal = new PolicyViolationException(policy.getName(), rule.name(), outcome.reason());
                        }
                    }
                }
                approval |= "requireApproval".equals(rule.type()) && outcome.verdict() == Verdict.PASSED;
            }
        }
        Events.Subject subject = new Events.Subject(
                "Experiment",
                run.experimentName(),
                null,
                run.namespace(),
                ResourceScope.project(run.organization(), run.project()));
        if (refusal != null) {
            PolicyViolationException denied = refusal;
            ownTransaction.executeWithoutResult(status ->
                    events.record(accountId, Events.Type.Warning, "PolicyDenied", subject, denied.getMessage()));
            throw refusal;
        }
        String message = passed.isEmpty() && skipped.isEmpty()
                ? "No rules apply to this experiment run"
                : passed.size() + " rule(s) passed, " + skipped.size() + " did not apply"
                        + (approval ? "; an operator must approve the run" : "");
        events.record(accountId, Events.Type.Normal, "PolicyPassed", subject, message);
        return new Governance(
                "Evaluate Rules",
                "SGNode",
                message,
                "Passed",
                new Governance.Rules(List.copyOf(passed), List.of(), List.copyOf(skipped)),
                started.toEpochMilli(),
                clock.millis(),
                approval);
    }

    /**
     * The limits each fault's task carries (by fault name), from the project's enabled policies as they are now: the
     * shortest {@code maxDuration}, the fault types the {@code denyFaults} rules that apply to the fault's namespace
     * and environment leave allowed (every type when none applies), the smallest
     * {@code maxFaultsPerInfrastructure}. The agent checks its task against them again before it injects anything.
     */
    public Map<String, TaskLimits> limits(String accountId, RunCandidate run) {
        Long maxDuration = null;
        Integer maxConcurrent = null;
        List<PolicyRule> denials = new ArrayList<>();
        for (Policy policy : policies.findByAccountIdAndOrganizationAndProjectAndEnabledTrueOrderByName(
                accountId, run.organization(), run.project())) {
            for (PolicyRule rule : rules(policy)) {
                switch (rule.type()) {
                    case "maxDuration" -> {
                        long seconds = GoDuration.parse(rule.max()).toSeconds();
                        maxDuration = maxDuration == null ? seconds : Math.min(maxDuration, seconds);
                    }
                    case "maxBlastRadius" -> {
                        if (rule.maxFaultsPerInfrastructure() != null) {
                            maxConcurrent = maxConcurrent == null
                                    ? rule.maxFaultsPerInfrastructure()
                                    : Math.min(maxConcurrent, rule.maxFaultsPerInfrastructure());
                        }
                    }
                    case "denyFaults" -> {
                        if (isEmpty(rule.namespaces()) || rule.namespaces().contains(run.namespace())) {
                            denials.add(rule);
                        }
                    }
                    default -> {
                        // the other rules judge the run as a whole, when it starts
                    }
                }
            }
        }
        Map<String, TaskLimits> limits = new LinkedHashMap<>();
        for (RunCandidate.Fault fault : run.faults()) {
            limits.put(fault.name(), new TaskLimits(maxDuration, allowedFaults(denials, fault), maxConcurrent));
        }
        return limits;
    }

    /** The catalog's fault types no rule denies on the fault's environment; null when no rule applies there. */
    private List<String> allowedFaults(List<PolicyRule> denials, RunCandidate.Fault fault) {
        List<Pattern> denied = denials.stream()
                .filter(rule -> isEmpty(rule.environments())
                        || fault.environment() != null && rule.environments().contains(fault.environment()))
                .flatMap(rule -> rule.faults().stream())
                .map(Guardrails::glob)
                .toList();
        if (denied.isEmpty()) {
            return null;
        }
        return catalog.faults().stream()
                .map(FaultDefinition::name)
                .filter(type -> denied.stream()
                        .noneMatch(pattern -> pattern.matcher(type).matches()))
                .sorted()
                .toList();
    }

    /**
     * Why a run of the project may not go on at {@code now}: a time window of an enabled policy has closed, or a
     * blackout has begun; empty while every window is open. For runs already going (the start is judged by
     * {@link #evaluate}).
     */
    public Optional<String> windowClosed(String accountId, String organization, String project, Instant now) {
        for (Policy policy : policies.findByAccountIdAndOrganizationAndProjectAndEnabledTrueOrderByName(
                accountId, organization, project)) {
            for (PolicyRule rule : rules(policy)) {
                String name = "policy '" + policy.getName() + "' rule '" + rule.name() + "'";
                if ("timeWindow".equals(rule.type())
                        && rule.windows().stream().noneMatch(window -> inside(window, now))) {
                    return Optional.of("the time window of " + name + " closed");
                }
                if ("blackout".equals(rule.type()) && !now.isBefore(rule.from()) && now.isBefore(rule.to())) {
                    return Optional.of("the blackout of " + name + " began (" + rule.from() + " to " + rule.to() + ")");
                }
            }
        }
        return Optional.empty();
    }

    private List<PolicyRule> rules(Policy policy) {
        return json.readValue(policy.getRules(), new TypeReference<List<PolicyRule>>() {});
    }

    private enum Verdict {
        PASSED,
        FAILED,
        SKIPPED
    }

    private record Outcome(Verdict verdict, String reason) {
        static Outcome pass() {
            return new Outcome(Verdict.PASSED, "");
        }

        static Outcome skip() {
            return new Outcome(Verdict.SKIPPED, "");
        }

        static Outcome fail(String reason) {
            return new Outcome(Verdict.FAILED, reason);
        }
    }

    private static Outcome judge(PolicyRule rule, RunCandidate run, Instant now) {
        return switch (rule.type()) {
            case "denyFaults" -> denyFaults(rule, run);
            case "timeWindow" ->
                rule.windows().stream().anyMatch(window -> inside(window, now))
                        ? Outcome.pass()
                        : Outcome.fail("runs may start only inside its time windows");
            case "blackout" ->
                !now.isBefore(rule.from()) && now.isBefore(rule.to())
                        ? Outcome.fail("no run may start between " + rule.from() + " and " + rule.to())
                        : Outcome.pass();
            case "maxDuration" -> maxDuration(rule, run);
            case "maxBlastRadius" -> blastRadius(rule, run);
            case "requireApproval" -> Outcome.pass();
            default -> Outcome.skip();
        };
    }

    private static Outcome denyFaults(PolicyRule rule, RunCandidate run) {
        if (!isEmpty(rule.namespaces()) && !rule.namespaces().contains(run.namespace())) {
            return Outcome.skip();
        }
        boolean anyInScope = false;
        for (RunCandidate.Fault fault : run.faults()) {
            boolean environmentMatches = isEmpty(rule.environments())
                    || fault.environment() != null && rule.environments().contains(fault.environment());
            if (!environmentMatches) {
                continue;
            }
            anyInScope = true;
            for (String pattern : rule.faults()) {
                if (glob(pattern).matcher(fault.faultType()).matches()) {
                    return Outcome.fail("fault " + fault.name() + " (" + fault.faultType() + ") is denied"
                            + (isEmpty(rule.namespaces()) ? "" : " in namespace " + run.namespace())
                            + (fault.environment() == null || isEmpty(rule.environments())
                                    ? ""
                                    : " on environment " + fault.environment()));
                }
            }
        }
        return anyInScope ? Outcome.pass() : Outcome.skip();
    }

    private static Outcome maxDuration(PolicyRule rule, RunCandidate run) {
        long max = GoDuration.parse(rule.max()).toSeconds();
        return run.faults().stream()
                .filter(fault -> fault.durationSeconds() > max)
                .findFirst()
                .map(fault -> Outcome.fail(
                        "fault " + fault.name() + " lasts " + fault.durationSeconds() + "s, more than " + rule.max()))
                .orElse(Outcome.pass());
    }

    private static Outcome blastRadius(PolicyRule rule, RunCandidate run) {
        boolean judged = false;
        if (rule.maxFaultsPerInfrastructure() != null) {
            judged = true;
            Map<String, Long> atOnce = run.faults().stream()
                    .filter(fault -> fault.infrastructureId() != null)
                    .collect(Collectors.groupingBy(
                            fault -> fault.step() + "/" + fault.infrastructureId(), Collectors.counting()));
            for (RunCandidate.Fault fault : run.faults()) {
                long count = atOnce.getOrDefault(fault.step() + "/" + fault.infrastructureId(), 0L);
                if (count > rule.maxFaultsPerInfrastructure()) {
                    return Outcome.fail("step " + (fault.step() + 1) + " runs " + count + " faults at once on"
                            + " infrastructure " + fault.infrastructureId() + ", more than "
                            + rule.maxFaultsPerInfrastructure());
                }
            }
        }
        if (rule.maxHosts() != null) {
            judged = true;
            long hosts = run.faults().stream()
                    .map(RunCandidate.Fault::infrastructureId)
                    .distinct()
                    .count();
            if (hosts > rule.maxHosts()) {
                return Outcome.fail("the run reaches " + hosts + " infrastructures, more than " + rule.maxHosts());
            }
        }
        if (rule.maxPodsAffectedPercentage() != null) {
            for (RunCandidate.Fault fault : run.faults()) {
                if (fault.podsAffectedPercentage() != null) {
                    judged = true;
                    if (fault.podsAffectedPercentage() > rule.maxPodsAffectedPercentage()) {
                        return Outcome.fail("fault " + fault.name() + " affects " + fault.podsAffectedPercentage()
                                + "% of pods, more than " + rule.maxPodsAffectedPercentage() + "%");
                    }
                }
            }
        }
        return judged ? Outcome.pass() : Outcome.skip();
    }

    private static boolean inside(Window window, Instant now) {
        ZonedDateTime local = now.atZone(ZoneId.of(window.timezone() == null ? "UTC" : window.timezone()));
        if (!isEmpty(window.days()) && window.days().stream().noneMatch(day -> sameDay(day, local.getDayOfWeek()))) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        LocalTime start = LocalTime.parse(window.start());
        LocalTime end = LocalTime.parse(window.end());
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end); // a window across midnight
    }

    private static boolean sameDay(String day, DayOfWeek dayOfWeek) {
        return dayOfWeek.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(day)
                || dayOfWeek.name().equalsIgnoreCase(day);
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }

    private static boolean isEmpty(List<String> list) {
        return list == null || list.isEmpty();
    }
}

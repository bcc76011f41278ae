package io.chaosplane.controlplane.policy;

import io.chaosplane.controlplane.policy.PolicyRule.Window;
import io.chaosplane.protocol.units.GoDuration;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks a policy's rules, each problem at its field ({@code rules[2].windows[0].start}). */
final class RuleValidator {

    static final Set<String> TYPES =
            Set.of("denyFaults", "timeWindow", "blackout", "maxDuration", "maxBlastRadius", "requireApproval");

    private RuleValidator() {}

    static void check(List<PolicyRule> rules) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            PolicyRule rule = rules.get(i);
            String path = "rules[" + i + "]";
            if (rule == null) {
                problems.add(new FieldProblem(path, "is empty"));
                continue;
            }
            if (rule.name() == null || rule.name().isBlank()) {
                problems.add(new FieldProblem(path + ".name", "is required"));
            } else if (!names.add(rule.name())) {
                problems.add(new FieldProblem(path + ".name", "'" + rule.name() + "' is used twice"));
            }
            if (rule.type() == null || !TYPES.contains(rule.type())) {
                problems.add(new FieldProblem(
                        path + ".type",
                        "must be one of " + TYPES.stream().sorted().toList()));
                continue;
            }
            switch (rule.type()) {
                case "denyFaults" -> {
                    if (rule.faults() == null || rule.faults().isEmpty()) {
                        problems.add(new FieldProblem(path + ".faults", "name at least one fault (wildcards allowed)"));
                    }
                }
                case "timeWindow" -> windows(path, rule.windows(), problems);
                case "blackout" -> {
                    if (rule.from() == null) {
                        problems.add(new FieldProblem(path + ".from", "is required"));
                    }
                    if (rule.to() == null) {
                        problems.add(new FieldProblem(path + ".to", "is required"));
                    }
                    if (rule.from() != null && rule.to() != null && !rule.from().isBefore(rule.to())) {
                        problems.add(new FieldProblem(path + ".to", "must be after from"));
                    }
                }
                case "maxDuration" -> {
                    try {
                        if (rule.max() == null || GoDuration.parse(rule.max()).isZero()) {
                            problems.add(new FieldProblem(path + ".max", "is required: a duration such as 5m"));
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add(new FieldProblem(path + ".max", e.getMessage()));
                    }
                }
                case "maxBlastRadius" -> {
                    if (rule.maxHosts() == null
                            && rule.maxPodsAffectedPercentage() == null
                            && rule.maxFaultsPerInfrastructure() == null) {
                        problems.add(new FieldProblem(
                                path + ".maxHosts",
                                "give maxHosts, maxPodsAffectedPercentage or maxFaultsPerInfrastructure"));
                    }
                    if (rule.maxFaultsPerInfrastructure() != null && rule.maxFaultsPerInfrastructure() < 1) {
                        problems.add(new FieldProblem(path + ".maxFaultsPerInfrastructure", "must be at least 1"));
                    }
                    if (rule.maxHosts() != null && rule.maxHosts() < 1) {
                        problems.add(new FieldProblem(path + ".maxHosts", "must be at least 1"));
                    }
                    if (rule.maxPodsAffectedPercentage() != null
                            && (rule.maxPodsAffectedPercentage() < 1 || rule.maxPodsAffectedPercentage() > 100)) {
                        problems.add(
                                new FieldProblem(path + ".maxPodsAffectedPercentage", "must be between 1 and 100"));
                    }
                }
                default -> {
                    // requireApproval has no members
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static void windows(String path, List<Window> windows, List<FieldProblem> problems) {
        if (windows == null || windows.isEmpty()) {
            problems.add(new FieldProblem(path + ".windows", "name at least one window"));
            return;
        }
        for (int w = 0; w < windows.size(); w++) {
            Window window = windows.get(w);
            String at = path + ".windows[" + w + "]";
            time(at + ".start", window.start(), problems);
            time(at + ".end", window.end(), problems);
            if (window.timezone() != null) {
                try {
                    ZoneId.of(window.timezone());
                } catch (DateTimeException e) {
                    problems.add(new FieldProblem(at + ".timezone", "unknown time zone '" + window.timezone() + "'"));
                }
            }
            if (window.days() != null) {
                for (String day : window.days()) {
                    boolean known = false;
                    for (DayOfWeek dayOfWeek : DayOfWeek.values()) {
                        known |= dayOfWeek
                                        .getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
                                        .equalsIgnoreCase(day)
                                || dayOfWeek.name().equalsIgnoreCase(day);
                    }
                    if (!known) {
                        problems.add(new FieldProblem(at + ".days", "unknown day '" + day + "'; use Mon..Sun"));
                    }
                }
            }
        }
    }

    private static void time(String field, String value, List<FieldProblem> problems) {
        try {
            if (value == null) {
                problems.add(new FieldProblem(field, "is required, as 09:00"));
            } else {
                LocalTime.parse(value);
            }
        } catch (DateTimeException e) {
            problems.add(new FieldProblem(field, "must be a time of day as 09:00"));
        }
    }
}

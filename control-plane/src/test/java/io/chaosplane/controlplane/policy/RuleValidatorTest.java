package io.chaosplane.controlplane.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chaosplane.controlplane.policy.PolicyRule.Window;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy's rules are checked member by member, each problem at its field, all at once; plain Java. */
class RuleValidatorTest {

    @Test
    void aRuleOfEachTypeWithItsMembersPasses() {
        assertThatCode(() -> RuleValidator.check(List.of(
                        rule("deny", "denyFaults")
                                .faults(List.of("linux-network-*"))
                                .build(),
                        rule("hours", "timeWindow")
                                .windows(
                                        List.of(new Window(List.of("Mon", "friday"), "09:00", "17:00", "Europe/Paris")))
                                .build(),
                        rule("freeze", "blackout")
                                .from(Instant.parse("2026-12-24T00:00:00Z"))
                                .to(Instant.parse("2026-12-27T00:00:00Z"))
                                .build(),
                        rule("short", "maxDuration").max("5m").build(),
                        rule("small", "maxBlastRadius").maxHosts(3).build(),
                        rule("ask", "requireApproval").build())))
                .doesNotThrowAnyException();
    }

    @Test
    void everyProblemIsReportedAtItsField() {
        assertThat(problems(
                        rule(null, "denyFaults").build(),
                        rule("twice", "teleport").build(),
                        rule("twice", "blackout")
                                .from(Instant.parse("2026-12-27T00:00:00Z"))
                                .to(Instant.parse("2026-12-24T00:00:00Z"))
                                .build(),
                        rule("hours", "timeWindow")
                                .windows(List.of(new Window(List.of("Someday"), "9 o'clock", null, "Mars/Olympus")))
                                .build(),
                        rule("long", "maxDuration").max("forever").build(),
                        rule("radius", "maxBlastRadius")
                                .maxHosts(0)
                                .maxPodsAffectedPercentage(150)
                                .build()))
                .extracting(FieldProblem::field)
                .containsExactly(
                        "rules[0].name",
                        "rules[0].faults",
                        "rules[1].type",
                        "rules[2].name",
                        "rules[2].to",
                        "rules[3].windows[0].start",
                        "rules[3].windows[0].end",
                        "rules[3].windows[0].timezone",
                        "rules[3].windows[0].days",
                        "rules[4].max",
                        "rules[5].maxHosts",
                        "rules[5].maxPodsAffectedPercentage");
    }

    @Test
    void membersARuleCannotGoWithoutAreRequired() {
        assertThat(problems(
                        rule("hours", "timeWindow").build(),
                        rule("freeze", "blackout").build(),
                        rule("short", "maxDuration").build(),
                        rule("small", "maxBlastRadius").build()))
                .containsExactly(
                        new FieldProblem("rules[0].windows", "name at least one window"),
                        new FieldProblem("rules[1].from", "is required"),
                        new FieldProblem("rules[1].to", "is required"),
                        new FieldProblem("rules[2].max", "is required: a duration such as 5m"),
                        new FieldProblem(
                                "rules[3].maxHosts",
                                "give maxHosts, maxPodsAffectedPercentage or maxFaultsPerInfrastructure"));
    }

    @Test
    void anEmptyRuleIsSaidToBeEmpty() {
        assertThat(problems((PolicyRule) null)).containsExactly(new FieldProblem("rules[0]", "is empty"));
    }

    private static List<FieldProblem> problems(PolicyRule... rules) {
        InvalidInputException refused =
                catchThrowableOfType(InvalidInputException.class, () -> RuleValidator.check(Arrays.asList(rules)));
        assertThat(refused).as("the rules were refused").isNotNull();
        return refused.fieldProblems();
    }

    static RuleBuilder rule(String name, String type) {
        return new RuleBuilder(name, type);
    }

    /** A rule with only the members a test names. */
    static final class RuleBuilder {
        private final String name;
        private final String type;
        private List<String> faults;
        private List<String> namespaces;
        private List<String> environments;
        private List<Window> windows;
        private Instant from;
        private Instant to;
        private String max;
        private Integer maxHosts;
        private Integer maxPodsAffectedPercentage;
        private Integer maxFaultsPerInfrastructure;

        RuleBuilder(String name, String type) {
            this.name = name;
            this.type = type;
        }

        RuleBuilder faults(List<String> value) {
            faults = value;
            return this;
        }

        RuleBuilder namespaces(List<String> value) {
            namespaces = value;
            return this;
        }

        RuleBuilder environments(List<String> value) {
            environments = value;
            return this;
        }

        RuleBuilder windows(List<Window> value) {
            windows = value;
            return this;
        }

        RuleBuilder from(Instant value) {
            from = value;
            return this;
        }

        RuleBuilder to(Instant value) {
            to = value;
            return this;
        }

        RuleBuilder max(String value) {
            max = value;
            return this;
        }

        RuleBuilder maxHosts(Integer value) {
            maxHosts = value;
            return this;
        }

        RuleBuilder maxPodsAffectedPercentage(Integer value) {
            maxPodsAffectedPercentage = value;
            return this;
        }

        RuleBuilder maxFaultsPerInfrastructure(Integer value) {
            maxFaultsPerInfrastructure = value;
            return this;
        }

        PolicyRule build() {
            return new PolicyRule(
                    name,
                    type,
                    faults,
                    namespaces,
                    environments,
                    windows,
                    from,
                    to,
                    max,
                    maxHosts,
                    maxPodsAffectedPercentage,
                    maxFaultsPerInfrastructure);
        }
    }
}

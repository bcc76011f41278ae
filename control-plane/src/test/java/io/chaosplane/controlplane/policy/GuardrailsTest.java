package io.chaosplane.controlplane.policy;

import static io.chaosplane.controlplane.policy.RuleValidatorTest.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.chaosplane.controlplane.event.Events;
import io.chaosplane.controlplane.policy.PolicyRule.Window;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.linux.TaskLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules a project's policies hold, judged against a run about to start, at a fixed time (Monday 2026-11-30,
 * 10:00 UTC); the policies and the event log are stand-ins: plain Java, no Spring, no database.
 */
class GuardrailsTest {

    private static final Instant MONDAY_10_UTC = Instant.parse("2026-11-30T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID HOST_A = UUID.randomUUID();
    private static final UUID HOST_B = UUID.randomUUID();

    private final List<Policy> policies = new ArrayList<>();
    private Events events;
    private Guardrails guardrails;

    @BeforeEach
    void setUp() {
        PolicyRepository repository = mock(PolicyRepository.class);
        when(repository.findByAccountIdAndOrganizationAndProjectAndEnabledTrueOrderByName(
                        "acct", "default", "default_project"))
                .thenReturn(policies);
        events = mock(Events.class);
        guardrails = new Guardrails(
                repository,
                events,
                new TransactionTemplate(mock(PlatformTransactionManager.class)),
                JSON,
                FaultCatalog.standard(),
                Clock.fixed(MONDAY_10_UTC, ZoneOffset.UTC));
    }

    @Test
    void withoutPoliciesNoRuleApplies() {
        Governance governance = guardrails.evaluate("acct", run("production", fault("linux-cpu-stress", HOST_A, 60)));
        assertThat(governance.message()).isEqualTo("No rules apply to this experiment run");
        assertThat(governance.passed()).isTrue();
        assertThat(governance.approvalRequired()).isFalse();
        verify(events).record(eq("acct"), eq(Events.Type.Normal), eq("PolicyPassed"), any(), anyString());
    }

    @Nested
    class DenyFaults {

        @Test
        void aDeniedFaultByWildcardRefusesTheRunNamingPolicyAndRule() {
            policy(
                    "no-network",
                    rule("deny-net", "denyFaults")
                            .faults(List.of("linux-network-*"))
                            .namespaces(List.of("production"))
                            .build());
            PolicyViolationException refused = refused(run("production", fault("linux-network-loss", HOST_A, 60)));
            assertThat(refused.details()).containsEntry("policy", "no-network").containsEntry("rule", "deny-net");
            assertThat(refused.getMessage()).contains("fault linux-network-loss", "in namespace production");
            verify(events).record(eq("acct"), eq(Events.Type.Warning), eq("PolicyDenied"), any(), anyString());
        }

        @Test
        void doesNotApplyInAnotherNamespaceOrToOtherFaults() {
            policy(
                    "no-network",
                    rule("deny-net", "denyFaults")
                            .faults(List.of("linux-network-*"))
                            .namespaces(List.of("production"))
                            .build());
            Governance staging = guardrails.evaluate("acct", run("staging", fault("linux-network-loss", HOST_A, 60)));
            assertThat(staging.rules().skipped()).containsExactly("no-network/deny-net");
            Governance cpu = guardrails.evaluate("acct", run("production", fault("linux-cpu-stress", HOST_A, 60)));
            assertThat(cpu.rules().passed()).containsExactly("no-network/deny-net");
        }

        @Test
        void canBeLimitedToInfrastructuresOfSomeEnvironments() {
            policy(
                    "prod-only",
                    rule("deny-cpu", "denyFaults")
                            .faults(List.of("linux-cpu-stress"))
                            .environments(List.of("prod"))
                            .build());
            assertThat(guardrails
                            .evaluate("acct", run("default", fault("linux-cpu-stress", HOST_A, 60, "dev")))
                            .rules()
                            .skipped())
                    .containsExactly("prod-only/deny-cpu");
            assertThat(refused(run("default", fault("linux-cpu-stress", HOST_A, 60, "prod")))
                            .getMessage())
                    .contains("on environment prod");
        }
    }

    @Test
    void aTimeWindowLetsRunsStartOnlyInsideIt() {
        policy(
                "hours",
                rule("office", "timeWindow")
                        .windows(List.of(new Window(List.of("Mon", "Tue"), "09:00", "17:00", "UTC")))
                        .build());
        assertThat(guardrails.evaluate("acct", any60s()).rules().passed()).containsExactly("hours/office");

        policies.clear();
        policy(
                "hours",
                rule("evening", "timeWindow")
                        .windows(List.of(new Window(List.of(), "18:00", "09:00", "Europe/Paris"))) // 11:00 in Paris
                        .build());
        assertThat(refused(any60s()).getMessage()).contains("only inside its time windows");
    }

    @Test
    void aWindowAcrossMidnightCoversTheEarlyHours() {
        policy(
                "night",
                rule("night", "timeWindow")
                        .windows(List.of(new Window(null, "22:00", "11:00", "UTC")))
                        .build());
        assertThat(guardrails.evaluate("acct", any60s()).passed()).isTrue();
    }

    @Test
    void aBlackoutRefusesRunsBetweenItsTimes() {
        policy(
                "freeze",
                rule("freeze", "blackout")
                        .from(MONDAY_10_UTC.minusSeconds(60))
                        .to(MONDAY_10_UTC.plusSeconds(60))
                        .build());
        assertThat(refused(any60s()).getMessage()).contains("no run may start between");

        policies.clear();
        policy(
                "freeze",
                rule("freeze", "blackout")
                        .from(MONDAY_10_UTC.plusSeconds(60))
                        .to(MONDAY_10_UTC.plusSeconds(120))
                        .build());
        assertThat(guardrails.evaluate("acct", any60s()).passed()).isTrue();
    }

    @Test
    void aMaximumDurationRefusesALongerFault() {
        policy("short", rule("five-minutes", "maxDuration").max("5m").build());
        assertThat(guardrails.evaluate("acct", any60s()).passed()).isTrue();
        assertThat(refused(run("default", fault("linux-cpu-stress", HOST_A, 301)))
                        .getMessage())
                .contains("lasts 301s, more than 5m");
    }

    @Test
    void aBlastRadiusCountsInfrastructuresAndPods() {
        policy("small", rule("one-host", "maxBlastRadius").maxHosts(1).build());
        assertThat(refused(run("default", fault("linux-cpu-stress", HOST_A, 60), fault("linux-cpu-stress", HOST_B, 60)))
                        .getMessage())
                .contains("reaches 2 infrastructures, more than 1");

        policies.clear();
        policy(
                "pods",
                rule("half", "maxBlastRadius").maxPodsAffectedPercentage(50).build());
        assertThat(guardrails.evaluate("acct", any60s()).rules().skipped()).containsExactly("pods/half");
        assertThat(guardrails.evaluate("acct", run("default", podFault(50))).passed())
                .isTrue();
        assertThat(refused(run("default", podFault(80))).getMessage()).contains("affects 80% of pods");
    }

    @Test
    void aBlastRadiusCountsTheFaultsOfAStepOnOneInfrastructure() {
        policy(
                "spread",
                rule("two-at-once", "maxBlastRadius")
                        .maxFaultsPerInfrastructure(2)
                        .build());
        RunCandidate.Fault first = stepFault("a", HOST_A, 0);
        RunCandidate.Fault second = stepFault("b", HOST_A, 0);
        assertThat(guardrails
                        .evaluate("acct", run("default", first, second, stepFault("c", HOST_A, 1)))
                        .passed())
                .as("the third runs in a later step")
                .isTrue();
        assertThat(refused(run("default", first, second, stepFault("c", HOST_A, 0)))
                        .getMessage())
                .contains("step 1 runs 3 faults at once on infrastructure " + HOST_A + ", more than 2");
    }

    @Nested
    class Limits {

        @Test
        void withoutPoliciesATaskCarriesNone() {
            assertThat(guardrails.limits("acct", any60s()).get("linux-cpu-stress-60"))
                    .isEqualTo(TaskLimits.NONE);
        }

        @Test
        void theStrictestRulesOfEveryPolicySetTheLimitsOfEachFault() {
            policy(
                    "first",
                    rule("ten-minutes", "maxDuration").max("10m").build(),
                    rule("three", "maxBlastRadius")
                            .maxFaultsPerInfrastructure(3)
                            .build());
            policy(
                    "second",
                    rule("five-minutes", "maxDuration").max("5m").build(),
                    rule("two", "maxBlastRadius").maxFaultsPerInfrastructure(2).build(),
                    rule("no-net-in-prod", "denyFaults")
                            .faults(List.of("linux-network-*"))
                            .environments(List.of("prod"))
                            .build(),
                    rule("no-disk-elsewhere", "denyFaults")
                            .faults(List.of("linux-disk-fill"))
                            .namespaces(List.of("elsewhere"))
                            .build());

            var limits = guardrails.limits(
                    "acct",
                    run(
                            "default",
                            fault("linux-cpu-stress", HOST_A, 60, "prod"),
                            fault("linux-cpu-stress", HOST_B, 120, "dev")));

            TaskLimits prod = limits.get("linux-cpu-stress-60");
            assertThat(prod.maxDurationSeconds()).isEqualTo(300L);
            assertThat(prod.maxConcurrentFaults()).isEqualTo(2);
            assertThat(prod.allowedFaults())
                    .contains("linux-cpu-stress", "linux-disk-fill")
                    .noneMatch(type -> type.startsWith("linux-network-"))
                    .hasSize((int) FaultCatalog.standard().faults().stream()
                            .filter(definition -> !definition.name().startsWith("linux-network-"))
                            .count());
            TaskLimits dev = limits.get("linux-cpu-stress-120");
            assertThat(dev.allowedFaults()).as("no denial applies on dev").isNull();
            assertThat(dev.maxDurationSeconds()).isEqualTo(300L);
        }
    }

    @Nested
    class WindowsThatClose {

        @Test
        void aTimeWindowThatClosedIsNamed() {
            policy(
                    "hours",
                    rule("office", "timeWindow")
                            .windows(List.of(new Window(List.of(), "09:00", "10:30", "UTC")))
                            .build());
            assertThat(guardrails.windowClosed("acct", "default", "default_project", MONDAY_10_UTC))
                    .isEmpty();
            assertThat(guardrails.windowClosed(
                            "acct", "default", "default_project", MONDAY_10_UTC.plusSeconds(31 * 60)))
                    .contains("the time window of policy 'hours' rule 'office' closed");
        }

        @Test
        void aBlackoutThatBeganIsNamed() {
            policy(
                    "freeze",
                    rule("release", "blackout")
                            .from(MONDAY_10_UTC.plusSeconds(60))
                            .to(MONDAY_10_UTC.plusSeconds(3600))
                            .build());
            assertThat(guardrails.windowClosed("acct", "default", "default_project", MONDAY_10_UTC))
                    .isEmpty();
            assertThat(guardrails.windowClosed("acct", "default", "default_project", MONDAY_10_UTC.plusSeconds(61)))
                    .hasValueSatisfying(reason ->
                            assertThat(reason).startsWith("the blackout of policy 'freeze' rule 'release' began"));
        }
    }

    @Test
    void requireApprovalHoldsTheRunForAnOperator() {
        policy("careful", rule("ask", "requireApproval").build());
        Governance governance = guardrails.evaluate("acct", any60s());
        assertThat(governance.approvalRequired()).isTrue();
        assertThat(governance.message()).endsWith("an operator must approve the run");
    }

    @Test
    void aRuleOfAnUnknownTypeIsSkipped() {
        policy("future", rule("later", "quantumEntanglement").build());
        assertThat(guardrails.evaluate("acct", any60s()).rules().skipped()).containsExactly("future/later");
    }

    private PolicyViolationException refused(RunCandidate run) {
        PolicyViolationException refused =
                catchThrowableOfType(PolicyViolationException.class, () -> guardrails.evaluate("acct", run));
        assertThat(refused).as("the run was refused").isNotNull();
        return refused;
    }

    private void policy(String name, PolicyRule... rules) {
        policies.add(new Policy(
                "acct",
                "default",
                "default_project",
                name,
                "",
                true,
                JSON.writeValueAsString(List.of(rules)),
                "test",
                MONDAY_10_UTC));
    }

    private static RunCandidate any60s() {
        return run("default", fault("linux-cpu-stress", HOST_A, 60));
    }

    private static RunCandidate run(String namespace, RunCandidate.Fault... faults) {
        return new RunCandidate("default", "default_project", namespace, "experiment", List.of(faults));
    }

    private static RunCandidate.Fault fault(String type, UUID host, int seconds) {
        return fault(type, host, seconds, null);
    }

    private static RunCandidate.Fault fault(String type, UUID host, int seconds, String environment) {
        return new RunCandidate.Fault(type + "-" + seconds, type, host, environment, seconds, null);
    }

    private static RunCandidate.Fault stepFault(String name, UUID host, int step) {
        return new RunCandidate.Fault(name, "linux-cpu-stress", host, null, 60, null, step);
    }

    /** A Kubernetes fault reaching a share of its target's pods. */
    private static RunCandidate.Fault podFault(int percentage) {
        return new RunCandidate.Fault("pods", "pod-delete", HOST_A, null, 60, percentage);
    }
}

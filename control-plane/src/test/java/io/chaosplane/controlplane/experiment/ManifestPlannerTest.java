package io.chaosplane.controlplane.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.infra.ConnectionStatus;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.infra.InfrastructureType;
import io.chaosplane.controlplane.run.RunPlan;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.linux.ExperimentInput;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A manifest checked against the real fault catalogue and a project's infrastructures (a stand-in), and turned into
 * the plan a run follows: plain Java, no Spring, no database.
 */
class ManifestPlannerTest {

    private static final ResourceScope PROJECT = ResourceScope.project("default", "default_project");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InfrastructureView hostA = infrastructure("host_a", InfrastructureType.Linux);
    private final InfrastructureView hostB = infrastructure("host_b", InfrastructureType.Linux);
    private final InfrastructureView cluster = infrastructure("prod_eks", InfrastructureType.Kubernetes);
    private ManifestPlanner planner;

    @BeforeEach
    void setUp() {
        InfrastructureService infrastructures = mock(InfrastructureService.class);
        when(infrastructures.findInProject(any(), any())).thenReturn(Optional.empty());
        for (InfrastructureView infrastructure : List.of(hostA, hostB, cluster)) {
            when(infrastructures.findInProject(eq(PROJECT), eq(infrastructure.identifier())))
                    .thenReturn(Optional.of(infrastructure));
        }
        when(infrastructures.inProject(PROJECT, InfrastructureType.Kubernetes)).thenReturn(List.of(cluster));
        planner = new ManifestPlanner(FaultCatalog.standard(), infrastructures);
    }

    @Test
    void oneActionIsOneStepOfOneFaultNamedAsTheExperiment() {
        RunPlan plan = plan("""
                {"target":{"kind":"Linux","infrastructure":"host_a"},
                 "action":{"type":"linux-cpu-stress","parameters":{"Load":"80","Workers":2}},"duration":"45s"}""");
        assertThat(plan.namespace()).isEqualTo("default");
        assertThat(plan.experimentName()).isEqualTo("cpu");
        assertThat(plan.steps()).hasSize(1);
        RunPlan.Fault fault = plan.steps().getFirst().getFirst();
        assertThat(fault.name()).isEqualTo("cpu");
        assertThat(fault.infrastructureId()).isEqualTo(hostA.id());
        assertThat(fault.weight()).isEqualTo(10);
        assertThat(fault.durationSeconds()).isEqualTo(45);
        assertThat(fault.chaos().experiment()).isEqualTo("linux-cpu-stress");
        assertThat(fault.chaos().inputs())
                .contains(
                        new ExperimentInput("Load", "80"),
                        new ExperimentInput("Workers", "2"),
                        new ExperimentInput("Duration", "45s"));
        assertThat(plan.wholeRun()).isFalse();
    }

    @Test
    void stepsKeepTheirOrderAndEachFaultItsTargetWeightAndDuration() {
        RunPlan plan = plan("""
                {"target":{"infrastructure":"host_a"},"duration":"10s","steps":[
                  [{"name":"a","action":{"type":"linux-cpu-stress"},"weight":3},
                   {"name":"b","target":{"infrastructure":"host_b"},"action":{"type":"linux-memory-stress","parameters":{"Memory":"64Mi"}},"duration":"20s"}],
                  [{"name":"c","action":{"type":"linux-cpu-stress"}}]]}""");
        assertThat(plan.faultCount()).isEqualTo(3);
        assertThat(plan.steps().get(0))
                .extracting(RunPlan.Fault::name, RunPlan.Fault::infrastructureId, RunPlan.Fault::weight)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", hostA.id(), 3),
                        org.assertj.core.groups.Tuple.tuple("b", hostB.id(), 10));
        assertThat(plan.steps().get(0).get(1).durationSeconds()).isEqualTo(20);
        assertThat(plan.steps().get(1).getFirst().name()).isEqualTo("c");
    }

    @Test
    void everyProblemIsReportedAtItsFieldAllAtOnce() {
        assertThat(problems("""
                        {"target":{"infrastructure":"host_a"},"duration":"10s","steps":[
                          [{"name":"a","action":{"type":"linux-teleport"}},
                           {"name":"a","action":{"type":"linux-cpu-stress","parameters":{"Load":"250"}},"weight":11}],
                          [{"name":"Bad_Name","target":{"infrastructure":"nowhere"},"action":{"type":"linux-cpu-stress"}}],
                          []]}"""))
                .extracting(FieldProblem::field)
                .contains(
                        "spec.steps[0][0].action.type",
                        "spec.steps[0][1].name",
                        "spec.steps[0][1].weight",
                        "spec.steps[0][1].action.parameters.Load",
                        "spec.steps[1][0].name",
                        "spec.steps[1][0].target.infrastructure",
                        "spec.steps[2]");
    }

    @Test
    void theSpecsDurationIsBlamedWhenItIsWhatIsWrong() {
        assertThat(problems("""
                        {"target":{"infrastructure":"host_a"},"action":{"type":"linux-cpu-stress"},"duration":"-5s"}""")).extracting(FieldProblem::field).contains("spec.duration");
    }

    @Test
    void anActionAndStepsTogetherOrNeitherAreRefused() {
        assertThat(problems("""
                        {"target":{"infrastructure":"host_a"},"action":{"type":"linux-cpu-stress"},"steps":[]}""")).extracting(FieldProblem::field).containsExactly("spec.steps");
        assertThat(problems("""
                        {"target":{"infrastructure":"host_a"}}""")).extracting(FieldProblem::field).containsExactly("spec.action");
    }

    @Test
    void aLinuxFaultNeedsALinuxInfrastructure() {
        assertThat(problems("""
                        {"target":{"infrastructure":"prod_eks"},"action":{"type":"linux-cpu-stress"},"duration":"5s"}"""))
                .extracting(FieldProblem::message)
                .singleElement()
                .asString()
                .contains("is a Kubernetes infrastructure");
    }

    @Test
    void kubernetesFaultsGoToTheProjectsClusterAsAWholeRun() {
        RunPlan plan = plan("""
                {"target":{"kind":"Deployment","namespace":"shop","labelSelector":{"matchLabels":{"app":"cart"}}},
                 "action":{"type":"pod-delete"},"duration":"30s"}""");
        assertThat(plan.wholeRun()).isTrue();
        RunPlan.Fault fault = plan.steps().getFirst().getFirst();
        assertThat(fault.infrastructureId()).isEqualTo(cluster.id());
        assertThat(fault.chaos().targets()).isNotNull();
    }

    @Test
    void anExperimentRunsOnKubernetesOrOnLinuxHostsNotBoth() {
        assertThat(problems("""
                        {"duration":"10s","steps":[
                          [{"name":"pods","target":{"kind":"Pod","namespace":"shop"},"action":{"type":"pod-delete"}}],
                          [{"name":"host","target":{"infrastructure":"host_a"},"action":{"type":"linux-cpu-stress"}}]]}""")).extracting(FieldProblem::field).containsExactly("spec.steps");
    }

    @Test
    void theIdentityIsCheckedFirst() {
        InvalidInputException refused = catchThrowableOfType(
                InvalidInputException.class, () -> planner.identity(JSON.readValue("""
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"Not_A_Name","namespace":"ok"}}""", ExperimentManifest.class)));
        assertThat(refused.fieldProblems())
                .extracting(FieldProblem::field)
                .containsExactly("apiVersion", "kind", "metadata.name");
    }

    private RunPlan plan(String spec) {
        return planner.plan(UUID.randomUUID(), PROJECT, manifest(spec));
    }

    private List<FieldProblem> problems(String spec) {
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, () -> plan(spec));
        assertThat(refused).as("the manifest was refused").isNotNull();
        return refused.fieldProblems();
    }

    private static ExperimentManifest manifest(String spec) {
        return JSON.readValue("""
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment","metadata":{"name":"cpu"},
                 "spec":%s}""".formatted(spec), ExperimentManifest.class);
    }

    private static InfrastructureView infrastructure(String identifier, InfrastructureType type) {
        return new InfrastructureView(
                UUID.randomUUID(),
                identifier,
                identifier,
                "",
                type,
                "acct",
                "default",
                "default_project",
                null,
                ConnectionStatus.CONNECTED,
                "host",
                "1.0",
                Instant.now(),
                Instant.now(),
                true,
                true,
                "test",
                Instant.now(),
                null);
    }
}

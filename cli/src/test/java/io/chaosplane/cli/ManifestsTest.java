package io.chaosplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

    @TempDir
    Path dir;

    private static final String TWO = """
            apiVersion: chaos.chaosplane.io/v1alpha1
            kind: ChaosPolicy
            metadata: {name: short}
            spec:
              rules:
                - name: max
                  type: maxDuration
                  max: 10m
            ---
            apiVersion: chaos.chaosplane.io/v1alpha1
            kind: ChaosExperiment
            metadata:
              name: cpu
            spec:
              steps:
                - - name: first
                    action: {type: linux-cpu-stress}
                  - name: second
                    action:
                      type: linux-memory-stress
            """;

    @Test
    void everyDocumentKnowsTheLinesOfItsFields() {
        List<Manifests.Document> documents = Manifests.parse("two.yaml", TWO);

        assertThat(documents).hasSize(2);
        Manifests.Document policy = documents.get(0);
        assertThat(policy.kind()).isEqualTo("ChaosPolicy");
        assertThat(policy.lineOf("spec.rules[0].max")).isEqualTo(8);
        Manifests.Document experiment = documents.get(1);
        assertThat(experiment.line()).isEqualTo(10);
        assertThat(experiment.namespace()).isEqualTo("default");
        assertThat(experiment.lineOf("spec.steps[0][1].action.type")).isEqualTo(20);
        assertThat(experiment.at("spec.steps[0][1].action.parameters.Load"))
                .as("a field that is not in the file is shown at its nearest parent")
                .isEqualTo("two.yaml:19");
        assertThat(experiment.lineOf("nowhere")).isEqualTo(10);
    }

    @Test
    void jsonAndDirectoriesAreRead() throws Exception {
        Files.writeString(dir.resolve("b.json"), "{\"kind\":\"ChaosExperiment\",\"metadata\":{\"name\":\"b\"}}");
        Files.writeString(dir.resolve("a.yaml"), TWO);
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        assertThat(Manifests.read(dir.toString(), System.in))
                .extracting(Manifests.Document::name)
                .containsExactly("short", "cpu", "b");
    }

    @Test
    void brokenYamlIsAUsageErrorAtItsLine() {
        assertThatThrownBy(() -> Manifests.parse("bad.yaml", "kind: ChaosExperiment\nmetadata: [\n"))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).startsWith("bad.yaml:");
                });
    }
}

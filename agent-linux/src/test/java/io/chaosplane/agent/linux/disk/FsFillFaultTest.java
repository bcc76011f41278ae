package io.chaosplane.agent.linux.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.fault.FaultSupervisor;
import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import io.chaosplane.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fills inodes for real: a count on the test's temporary directory, and a share on a small tmpfs (1000 inodes) the
 * test mounts under it and unmounts after.
 */
class FsFillFaultTest {

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            ProcessRunner.run(List.of("umount", mounted.toString()), Duration.ofSeconds(10));
        }
    }

    @Test
    void takesTheGivenNumberOfInodesAndGivesThemBackOnRevert() throws Exception {
        // a filesystem of the test's own: on a shared /tmp other processes' files would blur the count
        Path own = filesystem(5000);
        long freeBefore = FsFillFault.Inodes.of(own).free();

        Injected<FsFillFault.State> fill =
                FaultHarness.inject(new FsFillFault(), "Path", own.toString(), "Inodes", "2500", "Duration", "30s");
        // the fault's own directory takes one inode beside the 2,500 files
        assertThat(freeBefore - FsFillFault.Inodes.of(own).free()).isBetween(2500L, 2501L);
        assertThat(Path.of(fill.state().directory())).isDirectory();

        fill.revert();
        fill.revert();

        assertThat(Path.of(fill.state().directory())).doesNotExist();
        assertThat(FsFillFault.Inodes.of(own).free()).isEqualTo(freeBefore);
    }

    @Test
    void fillsTheFilesystemToTheShareOfItsInodes() throws Exception {
        Path small = smallFilesystem();

        try (Injected<FsFillFault.State> fill = FaultHarness.inject(
                new FsFillFault(), "Path", small.toString(), "Percentage", "60", "Duration", "30s")) {
            FsFillFault.Inodes filled = FsFillFault.Inodes.of(small);
            assertThat(filled.used()).isEqualTo(600);
        }
        assertThat(FsFillFault.Inodes.of(small).used()).isEqualTo(1);
    }

    @Test
    void neverTakesMoreThanAreFreeAndTheFullFilesystemRefusesNewFiles() throws Exception {
        Path small = smallFilesystem();

        try (Injected<FsFillFault.State> fill =
                FaultHarness.inject(new FsFillFault(), "Path", small.toString(), "Inodes", "5000", "Duration", "30s")) {
            assertThat(FsFillFault.Inodes.of(small).free()).isZero();
            assertThatThrownBy(() -> Files.createFile(small.resolve("one-more")))
                    .hasMessageContaining("No space left");
        }
        assertThat(FsFillFault.Inodes.of(small).free()).isEqualTo(999);
    }

    @Test
    void aRestartedAgentDeletesTheFilesFromTheJournalAlone(@TempDir Path journal) throws Exception {
        Path small = smallFilesystem();
        FaultHarness.injectAndDie(
                new FsFillFault(), journal, "Path", small.toString(), "Inodes", "300", "Duration", "60s");
        assertThat(FsFillFault.Inodes.of(small).used()).isEqualTo(301);

        List<FaultSupervisor.Recovered> recovered = FaultHarness.restart(journal, new FsFillFault());

        assertThat(recovered)
                .singleElement()
                .satisfies(r -> assertThat(r.reverted()).as(r.error()).isTrue());
        assertThat(FsFillFault.Inodes.of(small).used()).isEqualTo(1);
    }

    @Test
    void aPathThatIsNoDirectoryIsRefused() {
        assertThatThrownBy(() -> FaultHarness.inject(
                        new FsFillFault(), "Path", dir.resolve("missing").toString(), "Inodes", "10", "Duration", "5s"))
                .hasMessage(dir + "/missing is not a directory");
    }

    /** A tmpfs of 1000 inodes (one is its root directory); mounting needs root, as the agent has. */
    private Path smallFilesystem() throws IOException, InterruptedException {
        return filesystem(1000);
    }

    private Path filesystem(int inodes) throws IOException, InterruptedException {
        Path mountPoint = Files.createDirectory(dir.resolve("small"));
        ProcessRunner.Result result = ProcessRunner.run(
                List.of(
                        "mount",
                        "-t",
                        "tmpfs",
                        "-o",
                        "size=4m,nr_inodes=" + inodes,
                        "cp-test-inodes",
                        mountPoint.toString()),
                Duration.ofSeconds(10));
        if (!result.succeeded()) {
            throw new IOException("mounting a tmpfs failed (the test needs root): " + result.stderr());
        }
        mounted = mountPoint;
        return mountPoint;
    }
}

package io.chaosplane.agent.linux.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.agent.linux.testing.FaultHarness;
import io.chaosplane.agent.linux.testing.FaultHarness.Injected;
import io.chaosplane.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// a try-with-resources block holds an injected fault only to revert it whatever the assertions do
@SuppressWarnings("try")
class DiskFillFaultTest {

    @TempDir
    Path dir;

    @Test
    void fillsTheGivenSizeWithAllocatedBlocksAndDeletesTheFileOnRevert() throws Exception {
        try (Injected<DiskFillFault.State> fill =
                FaultHarness.inject(new DiskFillFault(), "Path", dir.toString(), "Size", "32Mi", "Duration", "5s")) {
            Path file = Path.of(fill.state().file());

            assertThat(file.getParent()).isEqualTo(dir);
            assertThat(Files.size(file)).isEqualTo(32L << 20);
            assertThat(allocatedBytes(file)).isGreaterThanOrEqualTo(32L << 20);

            fill.revert();
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void fillsAShareOfTheFilesystem() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small-fs"));
        run("mount", "-t", "tmpfs", "-o", "size=64m", "chaosplane-test", mount.toString());
        try (Injected<DiskFillFault.State> fill = FaultHarness.inject(
                new DiskFillFault(), "Path", mount.toString(), "Percentage", "50", "Duration", "5s")) {
            assertThat(allocatedBytes(Path.of(fill.state().file()))).isEqualTo(32L << 20);
            assertThat(Files.getFileStore(mount).getUsableSpace()).isEqualTo(32L << 20);

            fill.revert();
            assertThat(Files.getFileStore(mount).getUsableSpace()).isEqualTo(64L << 20);
        } finally {
            run("umount", mount.toString());
        }
    }

    @Test
    void aPathThatIsNoDirectoryFailsAndLeavesNothing() {
        assertThatThrownBy(() -> FaultHarness.inject(
                        new DiskFillFault(), "Path", dir.resolve("absent").toString(), "Size", "1Mi", "Duration", "5s"))
                .hasMessageContaining("is not a directory");
    }

    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        ProcessRunner.Result du =
                ProcessRunner.run(List.of("du", "--block-size=1", file.toString()), Duration.ofSeconds(5));
        return Long.parseLong(du.stdout().split("\\s+")[0]);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        ProcessRunner.Result result = ProcessRunner.run(List.of(command), Duration.ofSeconds(10));
        assertThat(result.succeeded())
                .as(String.join(" ", command) + ": " + result.stderr())
                .isTrue();
    }
}

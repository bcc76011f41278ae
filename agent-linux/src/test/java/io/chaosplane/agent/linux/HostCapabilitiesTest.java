package io.chaosplane.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.chaosplane.protocol.catalog.FaultCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent finds, from files alone, what its host lets it do, and reports it at confirm. */
class HostCapabilitiesTest {

    @TempDir
    Path root;

    private HostCapabilities host() {
        return new HostCapabilities(
                root.resolve("proc"),
                root.resolve("sys"),
                root.resolve("lib/modules"),
                root.resolve("run/systemd/system"),
                List.of(root.resolve("bin")));
    }

    private void write(String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private void command(String name) throws IOException {
        write("bin/" + name, "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("bin/" + name), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void anUnprivilegedAgentOnABareHostHasNothingTheFaultsNeed() throws IOException {
        write("proc/self/status", "Name:\tjava\nUid:\t0\t1000\t1000\t1000\n");
        write("bin/tc", "not executable");

        AgentCapabilities found = host().find(FaultCatalog.standard());

        assertThat(found.root())
                .as("the effective user id counts, not the real one")
                .isFalse();
        assertThat(found.kernelModules()).isEmpty();
        assertThat(found.commands()).isEmpty();
        assertThat(found.kubernetes()).isNull();
    }

    @Test
    void rootWithCommandsAndALoadedModuleIsReportedAsSuch() throws IOException {
        write("proc/self/status", "Name:\tjava\nUid:\t0\t0\t0\t0\n");
        write("proc/modules", "sch_htb 57344 0 - Live 0x0\nsch_netem 20480 0 - Live 0x0\n");
        command("tc");
        command("ip");
        command("nft");

        AgentCapabilities found = host().find(FaultCatalog.standard());

        assertThat(found.root()).isTrue();
        assertThat(found.kernelModules()).containsExactly("sch_netem");
        assertThat(found.commands()).containsExactlyInAnyOrder("tc", "ip", "nft");
    }

    @Test
    void aModuleCountsWhenBuiltInOrLoadableAndNotOtherwise() throws IOException {
        write("proc/sys/kernel/osrelease", "6.1.0-test\n");
        assertThat(host().hasModule("sch_netem")).isFalse();

        write("lib/modules/6.1.0-test/modules.dep", "kernel/net/sched/sch_netem.ko.xz:\n");
        assertThat(host().hasModule("sch_netem")).as("loadable, compressed").isTrue();

        Files.delete(root.resolve("lib/modules/6.1.0-test/modules.dep"));
        write("lib/modules/6.1.0-test/modules.builtin", "kernel/net/sched/sch_netem.ko\n");
        assertThat(host().hasModule("sch_netem")).as("built in").isTrue();

        Files.delete(root.resolve("lib/modules/6.1.0-test/modules.builtin"));
        Files.createDirectories(root.resolve("sys/module/sch_netem"));
        assertThat(host().hasModule("sch_netem")).as("in /sys/module").isTrue();
    }

    @Test
    void systemctlCountsOnlyWhereSystemdRunsTheHost() throws IOException {
        command("systemctl");
        assertThat(host().hasCommand("systemctl")).isFalse();

        Files.createDirectories(root.resolve("run/systemd/system"));
        assertThat(host().hasCommand("systemctl")).isTrue();
    }

    @Test
    void onThisMachineRootIsTheUserTheTestsRunAs() {
        AgentCapabilities found = HostCapabilities.ofThisHost().find(FaultCatalog.standard());

        assertThat(found.root()).isEqualTo("root".equals(System.getProperty("user.name")));
    }
}

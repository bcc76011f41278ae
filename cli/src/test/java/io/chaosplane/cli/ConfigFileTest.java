package io.chaosplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void theFileFollowsXdgElseHome() {
        assertThat(ConfigFile.locate(Map.of("XDG_CONFIG_HOME", "/xdg", "HOME", "/home/ci"))
                        .path())
                .isEqualTo(Path.of("/xdg/chaosctl/config.yaml"));
        assertThat(ConfigFile.locate(Map.of("HOME", "/home/ci")).path())
                .isEqualTo(Path.of("/home/ci/.config/chaosctl/config.yaml"));
        assertThat(ConfigFile.locate(Map.of("XDG_CONFIG_HOME", "relative", "HOME", "/home/ci"))
                        .path())
                .as("a relative XDG_CONFIG_HOME is ignored, as the specification says")
                .isEqualTo(Path.of("/home/ci/.config/chaosctl/config.yaml"));
    }

    @Test
    void contextsAreWrittenReadableByTheOwnerOnlyAndSwitched() throws Exception {
        ConfigFile file = new ConfigFile(dir.resolve("chaosctl/config.yaml"));
        file.write(ConfigFile.Config.empty()
                .with("local", new ConfigFile.Context("http://localhost:8080", "cp_live_local", null, null), true));
        file.write(file.read()
                .with("staging", new ConfigFile.Context("https://staging", "cp_live_staging", "org", "proj"), false));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file.path().getParent())))
                .isEqualTo("rwx------");
        ConfigFile.Config config = file.read();
        assertThat(config.currentContext()).isEqualTo("local");
        assertThat(config.contexts()).containsOnlyKeys("local", "staging");

        file.write(config.using("staging"));
        assertThat(file.read().currentContext()).isEqualTo("staging");
        assertThatThrownBy(() -> config.using("prod"))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void theEnvironmentOverridesTheContextSoThatCiNeedsNoFile() {
        ConfigFile.Config config = ConfigFile.Config.empty()
                .with("local", new ConfigFile.Context("http://localhost:8080", "cp_live_file", "o", "p"), true);

        Connection fromFile = Connection.resolve(config, Map.of(), null, null, null);
        assertThat(fromFile.server()).isEqualTo("http://localhost:8080");
        assertThat(fromFile.apiKey()).isEqualTo("cp_live_file");

        Connection fromEnv = Connection.resolve(
                config,
                Map.of("CHAOSPLANE_SERVER", "https://ci.example/", "CHAOSPLANE_API_KEY", "cp_live_env"),
                null,
                null,
                "other");
        assertThat(fromEnv.server()).isEqualTo("https://ci.example");
        assertThat(fromEnv.apiKey()).isEqualTo("cp_live_env");
        assertThat(fromEnv.organization()).isEqualTo("o");
        assertThat(fromEnv.project()).isEqualTo("other");
        assertThat(fromEnv.toString()).doesNotContain("cp_live_env");

        Connection noFile = Connection.resolve(
                ConfigFile.Config.empty(),
                Map.of("CHAOSPLANE_SERVER", "http://x", "CHAOSPLANE_API_KEY", "k"),
                null,
                null,
                null);
        assertThat(noFile.server()).isEqualTo("http://x");
        assertThatThrownBy(() -> Connection.resolve(ConfigFile.Config.empty(), Map.of(), null, null, null))
                .hasMessageContaining("chaosctl login");
    }

    @Test
    void useContextSwitchesAndAnUnknownOneIsAUsageError() {
        Sessions cli = new Sessions(dir, Map.of());
        cli.session
                .configFile()
                .write(ConfigFile.Config.empty()
                        .with("a", new ConfigFile.Context("http://a", "ka", null, null), true)
                        .with("b", new ConfigFile.Context("http://b", "kb", null, null), false));

        assertThat(cli.run("config", "use-context", "b")).isEqualTo(ExitCode.PASSED);
        assertThat(cli.session.configFile().read().currentContext()).isEqualTo("b");
        assertThat(cli.run("config", "get-contexts")).isZero();
        assertThat(cli.out.toString()).contains("http://a", "http://b").doesNotContain("ka", "kb");
        assertThat(cli.run("config", "use-context", "c")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("no context 'c'");
    }
}

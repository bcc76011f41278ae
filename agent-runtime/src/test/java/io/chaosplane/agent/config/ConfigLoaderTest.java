package io.chaosplane.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(List.of("network.namespace"));

    @Test
    void theFileTheEnvironmentAndFlagsOverrideEachOtherInThatOrder() throws IOException {
        Path file = write("""
                server.url=https://file.example.com/gateway/
                infra.id=infra-from-file
                install.token=token-from-file
                poll.wait=25s
                tasks.slots=3
                """);

        AgentConfig config = loader.load(
                        List.of("--config=" + file, "--tasks.slots=5"),
                        Map.of("CHAOSPLANE_INFRA_ID", "infra-from-env", "CHAOSPLANE_TASKS_SLOTS", "4"))
                .config();

        assertThat(config.serverUrl()).isEqualTo(URI.create("https://file.example.com/gateway"));
        assertThat(config.infraId()).isEqualTo("infra-from-env");
        assertThat(config.taskSlots()).isEqualTo(5);
        assertThat(config.pollWait()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.livenessInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/chaosplane-agent"));
        assertThat(config.commandProbes().enabled()).isFalse();
    }

    @Test
    void theFileCanBeNamedByTheEnvironment() throws IOException {
        Path file = write("server.url=http://localhost:8080\ninfra.id=i1\nnetwork.namespace=ns1\n");

        AgentConfig config = loader.load(List.of(), Map.of("CHAOSPLANE_AGENT_CONFIG", file.toString()))
                .config();

        assertThat(config.setting("network.namespace")).contains("ns1");
    }

    @Test
    void everythingCanComeFromTheEnvironmentWithoutAFile() {
        AgentConfig config = loader.load(
                        List.of(),
                        Map.of(
                                "CHAOSPLANE_SERVER_URL",
                                "http://cp:8080",
                                "CHAOSPLANE_INFRA_ID",
                                "i1",
                                "CHAOSPLANE_PROBES_COMMAND_ENABLED",
                                "true",
                                "CHAOSPLANE_PROBES_COMMAND_ALLOW",
                                "curl, re:^echo \\w+$"))
                .config();

        assertThat(config.commandProbes()).isEqualTo(new CommandProbePolicy(true, List.of("curl", "re:^echo \\w+$")));
    }

    @Test
    void secretsNeverShowInTheDescription() throws IOException {
        Path file = write("server.url=http://cp\ninfra.id=i1\ninstall.token=very-secret\n");

        AgentConfig config = loader.load(List.of("--config=" + file), Map.of()).config();

        assertThat(config.installToken()).map(Secret::value).contains("very-secret");
        assertThat(config.describe()).contains("install.token=***").doesNotContain("very-secret");
        assertThat(config.toString()).doesNotContain("very-secret");
    }

    @Test
    void theInstallTokenIsReadFromItsFileSoThatItStaysOffTheCommandLine() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "from-a-file\n");
        Path file = write("server.url=http://cp\ninfra.id=i1\n");

        AgentConfig config = loader.load(
                        List.of("--config=" + file), Map.of("CHAOSPLANE_INSTALL_TOKEN_FILE", token.toString()))
                .config();

        assertThat(config.installToken()).map(Secret::value).contains("from-a-file");
        assertThatThrownBy(() -> loader.load(
                        List.of("--config=" + file, "--install.token.file=" + dir.resolve("missing")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read install.token.file");
    }

    @Test
    void aMissingRequiredKeySaysHowToSetIt() {
        assertThatThrownBy(() -> loader.load(List.of("--server.url=http://cp"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("infra.id is required (set it in the properties file, as CHAOSPLANE_INFRA_ID or as "
                        + "--infra.id=...)");
    }

    @Test
    void badValuesNameTheirKey() {
        Map<String, String> env = Map.of("CHAOSPLANE_SERVER_URL", "http://cp", "CHAOSPLANE_INFRA_ID", "i");

        assertThatThrownBy(() -> loader.load(List.of("--poll.wait=-1s"), env))
                .hasMessageStartingWith("poll.wait must be a positive duration");
        assertThatThrownBy(() -> loader.load(List.of("--tasks.slots=none"), env))
                .hasMessageStartingWith("tasks.slots must be a whole number");
        assertThatThrownBy(() -> loader.load(List.of("--server.url=ftp://cp"), env))
                .hasMessageStartingWith("server.url must be an absolute http or https URL");
    }

    @Test
    void anUnknownFlagIsAnErrorButAnUnknownFileKeyOnlyAWarning() throws IOException {
        Path file = write("server.url=http://cp\ninfra.id=i1\npol.wait=5s\n");

        assertThat(loader.load(List.of("--config=" + file), Map.of()).warnings())
                .containsExactly("unknown key 'pol.wait' in the configuration file is ignored");
        assertThatThrownBy(() -> loader.load(List.of("--config=" + file, "--pol.wait=5s"), Map.of()))
                .hasMessageStartingWith("unknown option --pol.wait");
    }

    @Test
    void aNamedFileMustExist() {
        assertThatThrownBy(() -> loader.load(List.of("--config=" + dir.resolve("absent.properties")), Map.of()))
                .hasMessageContaining("does not exist");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("agent.properties"), content);
    }
}

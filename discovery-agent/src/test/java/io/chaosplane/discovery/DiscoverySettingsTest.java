package io.chaosplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.discovery.DiscoverySettings.Mode;
import io.chaosplane.discovery.DiscoverySettings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoverySettingsTest {

    @TempDir
    Path directory;

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("CHAOSPLANE_SERVER_URL", "https://chaosplane.example.com/");
        environment.put("CHAOSPLANE_DISCOVERY_AGENT_ID", "agent-1");
        environment.put("CHAOSPLANE_DISCOVERY_TOKEN", "tok-123");
        return environment;
    }

    @Test
    void defaults_follow_seed_001_and_the_server_url_loses_its_trailing_slash() {
        DiscoverySettings settings = DiscoverySettings.load(List.of(), environment());

        assertThat(settings.serverUrl()).hasToString("https://chaosplane.example.com");
        assertThat(settings.mode()).isEqualTo(Mode.CLUSTER);
        assertThat(settings.collectionWindowMinutes()).isEqualTo(1);
        assertThat(settings.enableOrphanedPod()).isFalse();
        assertThat(settings.enableBatchResources()).isFalse();
        assertThat(settings.procRoot()).isEqualTo(Path.of("/proc"));
        assertThat(settings.token().value()).isEqualTo("tok-123");
    }

    @Test
    void the_token_is_refused_as_an_option_without_echoing_it() {
        assertThatThrownBy(() -> DiscoverySettings.load(List.of("--token=leaked-value"), environment()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("never an option")
                .hasMessageNotContaining("leaked-value");
    }

    @Test
    void the_token_comes_from_its_file_and_never_shows_in_the_start_line() throws Exception {
        Path file = directory.resolve("token");
        Files.writeString(file, "  file-token-value\n");
        Map<String, String> environment = environment();
        environment.remove("CHAOSPLANE_DISCOVERY_TOKEN");

        DiscoverySettings settings = DiscoverySettings.load(List.of("--token.file=" + file), environment);

        assertThat(settings.token().value()).isEqualTo("file-token-value");
        assertThat(settings.describe()).doesNotContain("file-token-value");
        assertThat(settings.toString()).doesNotContain("file-token-value");
    }

    @Test
    void a_missing_token_says_where_to_put_it() {
        Map<String, String> environment = environment();
        environment.remove("CHAOSPLANE_DISCOVERY_TOKEN");

        assertThatThrownBy(() ->
                        DiscoverySettings.load(List.of("--token.file=" + directory.resolve("absent")), environment))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("CHAOSPLANE_DISCOVERY_TOKEN");
    }

    @Test
    void bad_values_are_refused_naming_the_key() {
        assertThatThrownBy(() -> DiscoverySettings.load(List.of("--cron.expression=61 * * * *"), environment()))
                .hasMessageContaining("cron.expression");
        assertThatThrownBy(() -> DiscoverySettings.load(List.of("--collection.window.minutes=61"), environment()))
                .hasMessageContaining("collection.window.minutes must be between 1 and 60");
        assertThatThrownBy(() -> DiscoverySettings.load(List.of("--mode=pod"), environment()))
                .hasMessageContaining("cluster, node or host");
        assertThatThrownBy(() -> DiscoverySettings.load(List.of("--colour=red"), environment()))
                .hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> DiscoverySettings.load(List.of("--server.url=ftp://x"), environment()))
                .hasMessageContaining("http or https");
    }

    @Test
    void namespace_lists_are_comma_separated() {
        DiscoverySettings settings = DiscoverySettings.load(
                List.of("--observed.namespaces=shop, payments,,shop", "--blacklisted.namespaces=kube-system"),
                environment());

        assertThat(settings.observedNamespaces()).containsExactly("shop", "payments");
        assertThat(settings.blacklistedNamespaces()).containsExactly("kube-system");
    }

    @Test
    void the_loop_waits_for_the_next_time_of_the_cron_expression() {
        DiscoverySettings settings = DiscoverySettings.load(List.of("--cron.expression=15 * * * *"), environment());
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T20:10:00Z"), ZoneOffset.UTC);

        CronLoop loop = new CronLoop(settings.cron(), () -> true, clock, duration -> {});

        assertThat(loop.untilNext()).contains(Duration.ofMinutes(5));
    }
}

package io.chaosplane.controlplane.system;

import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.service.health.DatabaseProbe;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seed 002's {@code /api/health} and {@code /api/versions}, and seed 004's {@code /api/v1/health}; {@code /healthz}
 * and {@code /readyz} are service-common's.
 */
@RestController
@Tag(name = "Health", description = "Liveness, readiness and API versions")
class HealthController {

    private final DatabaseProbe database;
    private final Clock clock;
    private final String version;

    HealthController(DatabaseProbe database, Clock clock, ObjectProvider<BuildProperties> build) {
        this.database = database;
        this.clock = clock;
        this.version =
                build.stream().map(BuildProperties::getVersion).findFirst().orElse("dev");
    }

    record Status(String status) {}

    record ApiVersion(String version, String status, String prefix, String description) {}

    record Versions(String current, List<ApiVersion> versions) {}

    @GetMapping("/api/v1/health")
    @Operation(summary = "Seed 004's liveness probe")
    Status v1Health() {
        return new Status("ok");
    }

    @GetMapping("/api/health")
    @Operation(summary = "Seed 002's health: status, version, uptime, components, API versions, rate-limit tiers")
    ResponseEntity<Map<String, Object>> health() {
        boolean databaseUp = database.answers();
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", databaseUp ? "healthy" : "unhealthy");
        body.put("version", version);
        body.put("uptime", describe(uptime));
        body.put("uptime_seconds", uptime.toMillis() / 1000.0);
        Map<String, String> components = Map.of("database", databaseUp ? "up" : "down");
        body.put("components_loaded", components.size());
        body.put("components", components);
        body.put("api_versions", versions().versions());
        Map<String, Integer> tiers = new LinkedHashMap<>();
        Arrays.stream(Plan.values()).forEach(plan -> tiers.put(plan.wireName(), plan.requestsPerMinute()));
        body.put("rate_limit_tiers", tiers);
        body.put("timestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        return ResponseEntity.status(databaseUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(body);
    }

    @GetMapping({"/api/versions", "/api/v1/versions"})
    @Operation(summary = "The API versions and their lifecycle status")
    Versions versions() {
        return new Versions(
                "v1",
                List.of(new ApiVersion(
                        "v1",
                        "stable",
                        "/api/v1",
                        "The current API; seed 002's routes also answer unversioned under /api")));
    }

    static String describe(Duration uptime) {
        long hours = uptime.toHours();
        int minutes = uptime.toMinutesPart();
        int seconds = uptime.toSecondsPart();
        return hours > 0
                ? hours + "h " + minutes + "m " + seconds + "s"
                : minutes > 0 ? minutes + "m " + seconds + "s" : seconds + "s";
    }
}

package io.chaosplane.service.health;

import io.chaosplane.service.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness and readiness for load balancers and Kubernetes, the same on every service. */
@RestController
@Tag(name = "Health", description = "Liveness, readiness and API versions")
class ProbeEndpoints {

    private final DatabaseProbe database;

    ProbeEndpoints(DatabaseProbe database) {
        this.database = database;
    }

    record Status(String status) {}

    @GetMapping("/healthz")
    @Operation(summary = "200 while the process serves requests")
    Status live() {
        return new Status("ok");
    }

    @GetMapping("/readyz")
    @Operation(summary = "200 when the database answers, else 503")
    ResponseEntity<Object> ready() {
        if (database.answers()) {
            return ResponseEntity.ok(new Status("ready"));
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.toMap(
                        Problems.at(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database unavailable"), "/readyz")));
    }
}

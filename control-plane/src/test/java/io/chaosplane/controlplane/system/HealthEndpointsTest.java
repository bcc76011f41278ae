package io.chaosplane.controlplane.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.SecondReplica;
import io.chaosplane.testsupport.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class HealthEndpointsTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void livenessAnswersOkWithoutCredentials() {
        var response = api.get("/healthz");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("ok");
    }

    @Test
    void readinessAnswersOkWhileTheDatabaseAnswers() {
        var response = api.get("/readyz");
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void apiHealthHasSeed002Shape() {
        var response = api.get("/api/health");
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("status").asString()).isEqualTo("healthy");
        assertThat(body.get("version").asString()).isNotBlank();
        assertThat(body.get("uptime").asString()).matches("(\\d+h )?(\\d+m )?\\d+s");
        assertThat(body.get("uptime_seconds").asDouble()).isPositive();
        assertThat(body.get("components_loaded").asInt()).isPositive();
        assertThat(body.get("api_versions").isArray()).isTrue();
        assertThat(body.get("rate_limit_tiers").get("free").asInt()).isEqualTo(30);
        assertThat(body.get("rate_limit_tiers").get("basic").asInt()).isEqualTo(120);
        assertThat(body.get("rate_limit_tiers").get("pro").asInt()).isEqualTo(600);
        assertThat(body.get("rate_limit_tiers").get("enterprise").asInt()).isEqualTo(3000);
        assertThat(body.get("timestamp").asString()).endsWith("Z");
        assertThat(response.header("X-RateLimit-Limit")).isNotNull();
    }

    @Test
    void apiVersionsListsV1AsStable() {
        JsonNode body = api.get("/api/versions").json();
        assertThat(body.get("current").asString()).isEqualTo("v1");
        assertThat(body.get("versions").get(0).get("status").asString()).isEqualTo("stable");
    }

    @Test
    void seed004HealthAnswersStatusOk() {
        var response = api.get("/api/v1/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("ok");
    }

    @Test
    void openApiDocumentDescribesTheApiToASignedInCaller() {
        Api signedIn = api.withKey(fixtures.newTenant().adminKey());
        var response = signedIn.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        JsonNode paths = response.json().get("paths");
        assertThat(paths.has("/api/v1/apikeys")).isTrue();
        assertThat(paths.has("/api/v1/orgs/{organizationIdentifier}/projects")).isTrue();
        assertThat(signedIn.get("/v3/api-docs.yaml").status()).isEqualTo(200);
    }

    @Test
    void theApiDocumentAndSwaggerUiAreClosedToAnonymousCallers() {
        assertThat(api.get("/v3/api-docs").status()).isEqualTo(401);
        assertThat(api.get("/v3/api-docs.yaml").status()).isEqualTo(401);
        var swagger = api.get("/swagger-ui/index.html");
        assertThat(swagger.status()).isEqualTo(302);
        assertThat(swagger.header("Location")).endsWith("/login");
    }

    @Test
    void prometheusMetricsAnswerTheScrapeTokenOnly() {
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", "Authorization", "Bearer not-the-token")
                        .status())
                .isEqualTo(401);
        // a person's API key is no scrape credential: the metrics have their own
        assertThat(api.withKey(fixtures.newTenant().adminKey())
                        .get("/actuator/prometheus")
                        .status())
                .isEqualTo(401);

        var response = api.get("/actuator/prometheus", "Authorization", "Bearer " + IntegrationTest.METRICS_TOKEN);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).contains("jvm_memory_used_bytes");
        assertThat(response.header("Set-Cookie")).isNull();
        // the scrape token opens nothing else
        assertThat(api.get("/api/v1/apikeys", "Authorization", "Bearer " + IntegrationTest.METRICS_TOKEN)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void configuredOpenTheDocumentAndTheMetricsNeedNoCredentials() {
        try (SecondReplica open = SecondReplica.start(
                "chaosplane.security.open-api-docs=true", "chaosplane.security.open-metrics=true")) {
            Api anonymous = new Api(open.port());
            assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
            assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
            assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
        }
    }
}

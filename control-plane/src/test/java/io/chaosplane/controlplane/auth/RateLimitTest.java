package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class RateLimitTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    @Test
    void aFreePlanViewerGets30RequestsAMinuteThen429UntilTheWindowPasses() {
        Fixtures.Tenant tenant = fixtures.newTenant("free");
        Api server = new Api(port);
        Api viewer = server.withKey(Keys.issue(server.withKey(tenant.adminKey()), "viewer"));

        for (int i = 1; i <= 30; i++) {
            var response = viewer.get("/api/v1/orgs");
            assertThat(response.status()).as("request %d", i).isEqualTo(200);
            assertThat(response.header("X-RateLimit-Limit")).isEqualTo("30");
            assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(30 - i));
            assertThat(Long.parseLong(response.header("X-RateLimit-Reset")))
                    .isGreaterThan(clock.instant().getEpochSecond() - 1);
        }
        var refused = viewer.get("/api/v1/orgs");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.json().get("code").asInt()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(61));
        assertThat(viewer.get("/api/v1/orgs").status()).isEqualTo(200);
    }

    @Test
    void theRolesLimitBindsWhenItIsTighterThanThePlans() {
        Fixtures.Tenant tenant = fixtures.newTenant("enterprise");
        Api server = new Api(port);
        Api viewer = server.withKey(Keys.issue(server.withKey(tenant.adminKey()), "viewer"));
        Api admin = server.withKey(tenant.adminKey());
        assertThat(viewer.get("/api/v1/orgs").header("X-RateLimit-Limit")).isEqualTo("100");
        assertThat(admin.get("/api/v1/orgs").header("X-RateLimit-Limit")).isEqualTo("1000");
    }

    @Test
    void keysCountSeparately() {
        Fixtures.Tenant tenant = fixtures.newTenant("free");
        Api server = new Api(port);
        Api admin = server.withKey(tenant.adminKey());
        Api first = server.withKey(Keys.issue(admin, "viewer"));
        Api second = server.withKey(Keys.issue(admin, "viewer"));
        for (int i = 0; i < 30; i++) {
            first.get("/api/v1/orgs");
        }
        assertThat(first.get("/api/v1/orgs").status()).isEqualTo(429);
        assertThat(second.get("/api/v1/orgs").status()).isEqualTo(200);
    }
}

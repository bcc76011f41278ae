package io.chaosplane.controlplane.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.TestClock;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Seed 004's license from the account's plan, its paid period and its trial. */
@IntegrationTest
class LicenseTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    private void dates(String accountId, Instant expiresAt, Instant trialEndsAt) {
        fixtures.asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE accounts SET plan_expires_at = ?, trial_ends_at = ? WHERE account_id = ?")) {
                statement.setTimestamp(1, expiresAt == null ? null : Timestamp.from(expiresAt));
                statement.setTimestamp(2, trialEndsAt == null ? null : Timestamp.from(trialEndsAt));
                statement.setString(3, accountId);
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
        });
    }

    @Test
    void theLicenseIsThePlanItsPeriodAndItsTrial() {
        Api server = new Api(port);
        Fixtures.Tenant enterprise = fixtures.newTenant();
        JsonNode license =
                server.withKey(enterprise.adminKey()).get("/api/v1/license").json();
        assertThat(license.get("tier").asString()).isEqualTo("enterprise");
        assertThat(license.get("expiresAt").isNull()).isTrue();
        assertThat(license.get("trialEndsAt").isNull()).isTrue();
        assertThat(license.get("isExpired").asBoolean()).isFalse();
        assertThat(license.get("isTrialing").asBoolean()).isFalse();
        assertThat(license.get("trialDaysLeft").asInt()).isZero();
        assertThat(license.get("features").get(0).asString()).isEqualTo("compliance-export");

        Fixtures.Tenant free = fixtures.newTenant("free");
        assertThat(server.withKey(free.adminKey()).get("/api/v1/license").json().get("features"))
                .isEmpty();
        Instant trialEnd = clock.instant()
                .plus(Duration.ofHours(84))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // 3.5 days: 4 left
        dates(free.accountId(), null, trialEnd);
        JsonNode trial = server.withKey(free.adminKey()).get("/api/v1/license").json();
        assertThat(trial.get("tier").asString()).isEqualTo("free");
        assertThat(trial.get("isTrialing").asBoolean()).isTrue();
        assertThat(trial.get("trialDaysLeft").asInt()).isEqualTo(4);
        assertThat(Instant.parse(trial.get("trialEndsAt").asString())).isEqualTo(trialEnd);
        assertThat(trial.get("features").toString()).contains("compliance-export");

        dates(enterprise.accountId(), clock.instant().minus(Duration.ofDays(1)), null);
        JsonNode expired =
                server.withKey(enterprise.adminKey()).get("/api/v1/license").json();
        assertThat(expired.get("isExpired").asBoolean()).isTrue();
        assertThat(expired.get("features")).isEmpty();

        assertThat(server.get("/api/v1/license").status()).isEqualTo(401);
    }
}

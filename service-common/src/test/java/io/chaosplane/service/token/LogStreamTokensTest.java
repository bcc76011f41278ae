package io.chaosplane.service.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.service.token.LogStreamTokens.Claims;
import io.chaosplane.service.token.LogStreamTokens.InvalidTokenException;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LogStreamTokensTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2025-05-01T17:27:56Z");

    final LogStreamTokens tokens = new LogStreamTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aMintedTokenVerifiesToItsClaims() {
        String token = tokens.mint(
                "cTU1lRSWS2SSRV9phKvuOA",
                "76079280-cfd6-4390-8ea4-86771c10f44e",
                Set.of(Permission.WRITE),
                Duration.ofHours(1));

        Claims claims = tokens.verify(token);

        assertThat(token).startsWith("v1.").matches("v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(claims.accountId()).isEqualTo("cTU1lRSWS2SSRV9phKvuOA");
        assertThat(claims.keyPrefix()).isEqualTo("76079280-cfd6-4390-8ea4-86771c10f44e");
        assertThat(claims.permissions()).containsExactly(Permission.WRITE);
        assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void theClaimsPartIsTheDocumentedJson() {
        String token = tokens.mint("acc1", "run1", Set.of(Permission.READ, Permission.WRITE), Duration.ofSeconds(60));
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo("{\"acc\":\"acc1\",\"key\":\"run1\",\"perm\":[\"WRITE\",\"READ\"],\"exp\":"
                        + NOW.plusSeconds(60).getEpochSecond() + "}");
    }

    @Nested
    class KeyScope {

        final Claims claims = new Claims("acc", "run-7", Set.of(Permission.READ), NOW);

        @Test
        void coversThePrefixItselfAndKeysBelowIt() {
            assertThat(claims.coversKey("run-7")).isTrue();
            assertThat(claims.coversKey("run-7-pod-delete")).isTrue();
        }

        @Test
        void doesNotCoverAKeyThatMerelyStartsWithThePrefix() {
            assertThat(claims.coversKey("run-70-pod-delete")).isFalse();
            assertThat(claims.coversKey("run-")).isFalse();
            assertThat(claims.coversKey("other")).isFalse();
        }
    }

    @Nested
    class Refused {

        @Test
        void anExpiredToken() {
            String token = tokens.mint("acc", "run", Set.of(Permission.READ), Duration.ofMinutes(5));
            LogStreamTokens later =
                    new LogStreamTokens(SECRET, Clock.fixed(NOW.plus(Duration.ofMinutes(5)), ZoneOffset.UTC));

            assertThatThrownBy(() -> later.verify(token))
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessage("token expired");
        }

        @Test
        void aTokenSignedWithAnotherSecret() {
            LogStreamTokens other = new LogStreamTokens(
                    "another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            String token = other.mint("acc", "run", Set.of(Permission.READ), Duration.ofMinutes(5));

            assertThatThrownBy(() -> tokens.verify(token)).hasMessage("bad token signature");
        }

        @Test
        void aTokenWhoseClaimsWereChanged() {
            String token = tokens.mint("acc", "run", Set.of(Permission.READ), Duration.ofMinutes(5));
            String[] parts = token.split("\\.");
            String forged = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("{\"acc\":\"acc\",\"key\":\"run\",\"perm\":[\"WRITE\"],\"exp\":"
                                    + NOW.plusSeconds(300).getEpochSecond() + "}")
                            .getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> tokens.verify(parts[0] + "." + forged + "." + parts[2]))
                    .hasMessage("bad token signature");
        }

        @Test
        void malformedTokens() {
            for (String token : new String[] {
                "", "v1", "v1.", "v1..", "v2.abc.def", "v1.abc.***", "accessKey", "v1." + "a".repeat(5000) + ".b"
            }) {
                assertThatThrownBy(() -> tokens.verify(token)).as(token).isInstanceOf(InvalidTokenException.class);
            }
        }

        @Test
        void aNullToken() {
            assertThatThrownBy(() -> tokens.verify(null)).hasMessage("missing token");
        }

        @Test
        void aWellSignedTokenWithoutClaims() {
            String claims =
                    Base64.getUrlEncoder().withoutPadding().encodeToString("{}".getBytes(StandardCharsets.UTF_8));
            String signedPart = "v1." + claims;
            String token = signedPart + "." + signatureOf(signedPart);

            assertThatThrownBy(() -> tokens.verify(token)).hasMessage("malformed token");
        }

        private String signatureOf(String signedPart) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
                return Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(signedPart.getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Nested
    class Minting {

        @Test
        void needsAPositiveTtlAndAPermission() {
            assertThatThrownBy(() -> tokens.mint("acc", "run", Set.of(Permission.READ), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tokens.mint("acc", "run", Set.of(), Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tokens.mint(" ", "run", Set.of(Permission.READ), Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aShortSecretIsRefused() {
            assertThatThrownBy(() -> new LogStreamTokens("short".getBytes(StandardCharsets.UTF_8), Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Configuration {

        final ApplicationContextRunner context =
                new ApplicationContextRunner().withUserConfiguration(LogTokensConfiguration.class);

        @Test
        void aServiceWithoutTheSecretDoesNotStartAndSaysWhy() {
            context.run(started -> assertThat(started)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("chaosplane.log-tokens.secret is not set"));
        }

        @Test
        void aShortSecretStopsTheStartToo() {
            context.withPropertyValues("chaosplane.log-tokens.secret=too-short")
                    .run(
                            started -> assertThat(started.getStartupFailure())
                                    .hasRootCauseMessage(
                                            "chaosplane.log-tokens.secret is too short: it needs at least 32 bytes, for example $(openssl rand -base64 48)"));
        }

        @Test
        void withTheSecretTokensMintedByOneServiceVerifyInAnother() {
            String secret = "chaosplane.log-tokens.secret=" + "s".repeat(40);
            context.withPropertyValues(secret)
                    .run(controlPlane -> context.withPropertyValues(secret).run(logService -> {
                        String token = controlPlane
                                .getBean(LogStreamTokens.class)
                                .mint("acc", "run", Set.of(Permission.WRITE), Duration.ofMinutes(1));
                        assertThat(logService
                                        .getBean(LogStreamTokens.class)
                                        .verify(token)
                                        .accountId())
                                .isEqualTo("acc");
                    }));
        }

        @Test
        void theSecretNeverShowsInToString() {
            assertThat(new LogTokenProperties("s".repeat(40)).toString()).doesNotContain("ssss");
        }
    }
}

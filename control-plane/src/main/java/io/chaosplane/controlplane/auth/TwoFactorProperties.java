package io.chaosplane.controlplane.auth;

import java.util.Base64;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * People's two-factor sign-in (TOTP).
 *
 * @param issuer the name authenticator apps show next to the person's e-mail
 * @param secretKey a base64 AES key (16 or 32 bytes) that seals the TOTP secrets in the database; without one they are
 *     stored as they are (and still never returned or logged once enrolment is confirmed)
 * @param recoveryCodes how many one-time recovery codes a person gets when enrolment is confirmed
 */
@ConfigurationProperties("chaosplane.two-factor")
record TwoFactorProperties(
        @DefaultValue("ChaosPlane") String issuer,
        String secretKey,
        @DefaultValue("10") int recoveryCodes) {

    TwoFactorProperties {
        secretKey = secretKey == null || secretKey.isBlank() ? null : secretKey.trim();
        if (secretKey != null) {
            int length;
            try {
                length = Base64.getDecoder().decode(secretKey).length;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("chaosplane.two-factor.secret-key must be base64");
            }
            if (length != 16 && length != 32) {
                throw new IllegalArgumentException("chaosplane.two-factor.secret-key must be 16 or 32 bytes (base64)");
            }
        }
        if (recoveryCodes < 1 || recoveryCodes > 50) {
            throw new IllegalArgumentException("chaosplane.two-factor.recovery-codes must be 1-50");
        }
    }
}

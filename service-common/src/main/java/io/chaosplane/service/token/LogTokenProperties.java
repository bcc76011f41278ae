package io.chaosplane.service.token;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The secret that signs log-stream tokens: the control plane and the log service must be given the same one
 * (environment variable {@code CHAOSPLANE_LOG_TOKENS_SECRET}). Required; start-up fails without it rather than
 * signing with a guessable default.
 */
@ConfigurationProperties("chaosplane.log-tokens")
public record LogTokenProperties(String secret) {

    public LogTokenProperties {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(
                    "chaosplane.log-tokens.secret is not set: give the control plane and the "
                            + "log service the same random secret of at least " + LogStreamTokens.MIN_SECRET_BYTES
                            + " bytes, for example CHAOSPLANE_LOG_TOKENS_SECRET=$(openssl rand -base64 48)");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < LogStreamTokens.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("chaosplane.log-tokens.secret is too short: it needs at least "
                    + LogStreamTokens.MIN_SECRET_BYTES + " bytes, for example $(openssl rand -base64 48)");
        }
    }

    @Override
    public String toString() {
        return "LogTokenProperties[secret=***]";
    }
}

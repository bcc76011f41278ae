package io.chaosplane.service.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which of a service's descriptions of itself anyone may read ({@code chaosplane.security}). Closed by default: the
 * API document and Swagger UI map every operation for an attacker, and metrics tell what runs and how much.
 *
 * @param openApiDocs {@code /v3/api-docs} and Swagger UI answer without credentials
 * @param openMetrics {@code /actuator/prometheus} answers without credentials
 * @param metricsToken the Prometheus scrape's own credential ({@code Authorization: Bearer <token>}), which opens
 *     the metrics and nothing else; none: only {@code open-metrics} opens them
 */
@ConfigurationProperties("chaosplane.security")
public record ExposureProperties(boolean openApiDocs, boolean openMetrics, String metricsToken) {

    /** The paths of the API document and Swagger UI, as Spring path patterns. */
    public static final String[] API_DOCS_PATHS = {
        "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**"
    };

    public ExposureProperties {
        metricsToken = metricsToken == null || metricsToken.isBlank() ? null : metricsToken;
    }

    /** Whether the presented scrape credential is the configured one, compared in constant time. */
    public boolean isMetricsToken(String presented) {
        return metricsToken != null
                && presented != null
                && java.security.MessageDigest.isEqual(
                        metricsToken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

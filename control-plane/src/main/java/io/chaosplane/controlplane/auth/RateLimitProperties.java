package io.chaosplane.controlplane.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request rate limits on {@code /api/**}. A key's limit is the lower of its role's and its account plan's
 * (per minute); anonymous requests are limited per client address.
 *
 * @param enabled switch limits off altogether (never in production)
 * @param window the window the limits count in; one minute, shorter only in tests
 * @param anonymousLimit requests per window of a client without credentials
 */
@ConfigurationProperties("chaosplane.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1m") Duration window,
        @DefaultValue("60") int anonymousLimit) {}

package io.chaosplane.service.web;

import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * A dependency the request needs (the database) does not answer, or the service is too busy to take the request
 * now; with a retry delay the answer carries {@code Retry-After}.
 */
public class ServiceUnavailableException extends ApiException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String message) {
        this(message, null);
    }

    public ServiceUnavailableException(String message, Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, message);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

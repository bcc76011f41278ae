package io.chaosplane.service.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure the client caused or must know about, answered with its status and message in the product's
 * problem body. The message is shown to the client: never put a secret or an internal detail in it.
 */
public abstract class ApiException extends RuntimeException {

    private final HttpStatus status;

    protected ApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** Members the problem body carries beside the standard ones, as which policy and which rule refused. */
    public Map<String, Object> details() {
        return Map.of();
    }
}

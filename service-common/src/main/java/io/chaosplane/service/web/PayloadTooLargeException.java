package io.chaosplane.service.web;

import org.springframework.http.HttpStatus;

/** A request body, log line or batch above its size limit. */
public class PayloadTooLargeException extends ApiException {

    public PayloadTooLargeException(String message) {
        super(HttpStatus.CONTENT_TOO_LARGE, message);
    }
}

package io.chaosplane.service.web;

import org.springframework.http.HttpStatus;

/** A dependency the request needs (the database) does not answer. */
public class ServiceUnavailableException extends ApiException {

    public ServiceUnavailableException(String message) {
        super(HttpStatus.SERVICE_UNAVAILABLE, message);
    }
}

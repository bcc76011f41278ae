package io.chaosplane.service.web;

import org.springframework.http.HttpStatus;

/** The object exists already, or is in the wrong state for the action. */
public class ConflictException extends ApiException {

    public ConflictException(String message) {
        super(HttpStatus.CONFLICT, message);
    }
}

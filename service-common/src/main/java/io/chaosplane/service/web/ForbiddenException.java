package io.chaosplane.service.web;

import org.springframework.http.HttpStatus;

/** The caller is known but its role, or a policy, does not allow the action. */
public class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(HttpStatus.FORBIDDEN, message);
    }
}

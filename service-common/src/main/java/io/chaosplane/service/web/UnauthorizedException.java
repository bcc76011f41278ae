package io.chaosplane.service.web;

import org.springframework.http.HttpStatus;

/** No credentials, or credentials that are unknown, revoked or expired. */
public class UnauthorizedException extends ApiException {

    public UnauthorizedException(String message) {
        super(HttpStatus.UNAUTHORIZED, message);
    }
}

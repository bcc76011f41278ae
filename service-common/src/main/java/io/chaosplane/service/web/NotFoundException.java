package io.chaosplane.service.web;

import org.springframework.http.HttpStatus;

/** The object does not exist, or belongs to another tenant: both answer 404 so that other tenants' objects stay invisible. */
public class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(HttpStatus.NOT_FOUND, message);
    }
}

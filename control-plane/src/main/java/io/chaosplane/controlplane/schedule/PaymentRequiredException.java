package io.chaosplane.controlplane.schedule;

import io.chaosplane.service.web.ApiException;
import org.springframework.http.HttpStatus;

/** The account's license does not include the feature asked for (seed 004's 402). */
class PaymentRequiredException extends ApiException {

    PaymentRequiredException(String message) {
        super(HttpStatus.PAYMENT_REQUIRED, message);
    }
}

package io.chaosplane.controlplane.auth;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How people join accounts.
 *
 * @param publicUrl the control plane's address as people's browsers see it, written into invitation links (never
 *     taken from a request's Host header, which a caller chooses)
 * @param invitationLifetime how long an invitation's link works
 * @param mailFrom the sender of invitation e-mails, sent when SMTP is configured ({@code spring.mail.host})
 */
@ConfigurationProperties("chaosplane.people")
record PeopleProperties(
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue("72h") Duration invitationLifetime,
        @DefaultValue("chaosplane@localhost") String mailFrom) {

    PeopleProperties {
        if (invitationLifetime.isNegative() || invitationLifetime.isZero()) {
            throw new IllegalArgumentException("chaosplane.people.invitation-lifetime must be positive");
        }
    }

    /** The link a person opens to accept an invitation. */
    String invitationLink(String token) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/invitations/" + token;
    }
}

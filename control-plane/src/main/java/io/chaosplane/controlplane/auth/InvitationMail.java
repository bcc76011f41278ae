package io.chaosplane.controlplane.auth;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends an invitation's link to its address when SMTP is configured ({@code spring.mail.host}, which makes Spring
 * Boot provide a {@link JavaMailSender}); without it the link is only shown to the admin, who hands it on.
 */
@Component
class InvitationMail {

    private static final Logger log = LoggerFactory.getLogger(InvitationMail.class);
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final ObjectProvider<JavaMailSender> sender;
    private final PeopleProperties properties;

    InvitationMail(ObjectProvider<JavaMailSender> sender, PeopleProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    /** Answers whether the mail server took the message. */
    boolean send(Invitation invitation, String link) {
        JavaMailSender mailer = sender.getIfAvailable();
        if (mailer == null) {
            return false;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(invitation.email());
        message.setSubject("You are invited to ChaosPlane account " + invitation.accountId());
        message.setText("""
                %s invites you to ChaosPlane account %s as %s of %s.

                Open this link to accept; it works once, until %s:

                %s

                If you did not expect this, ignore this message: nothing happens until the link is opened and accepted.
                """.formatted(
                        invitation.invitedBy().replaceFirst("^user:", ""),
                        invitation.accountId(),
                        invitation.role().wireName(),
                        invitation.scope(),
                        WHEN.format(invitation.expiresAt()),
                        link));
        try {
            mailer.send(message);
            return true;
        } catch (MailException e) {
            // the link is in the admin's answer either way; the mail server's own words, never the link, are logged
            log.warn("could not e-mail invitation {}: {}", invitation.id(), e.getMessage());
            return false;
        }
    }
}

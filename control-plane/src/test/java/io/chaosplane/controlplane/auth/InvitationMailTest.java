package io.chaosplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The invitation e-mail, sent to a tiny SMTP server of the test's own that keeps what it is given. */
class InvitationMailTest {

    private static final PeopleProperties PROPERTIES = new PeopleProperties(
            URI.create("https://chaos.example.com"), Duration.ofHours(72), "chaosplane@example.com");

    private final Invitation invitation = new Invitation(
            UUID.randomUUID(),
            "acme",
            "ada@example.com",
            Role.OPERATOR,
            ResourceScope.account(),
            "user:admin@example.com",
            Instant.parse("2026-01-01T10:00:00Z"),
            Instant.parse("2026-01-04T10:00:00Z"),
            null,
            null);

    @Test
    void withSmtpConfiguredTheLinkIsMailedToTheInvitedAddress() throws Exception {
        try (SmtpCapture smtp = new SmtpCapture()) {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(smtp.port());
            String link = PROPERTIES.invitationLink("TOKEN123");

            assertThat(mail(sender).send(invitation, link)).isTrue();

            String received = smtp.message().get(10, TimeUnit.SECONDS);
            assertThat(received)
                    .contains("RCPT TO:<ada@example.com>")
                    .contains("MAIL FROM:<chaosplane@example.com>")
                    .contains("https://chaos.example.com/invitations/TOKEN123")
                    .contains("operator")
                    .contains("2026-01-04 10:00 UTC");
        }
    }

    @Test
    void withoutSmtpNothingIsSentAndTheAdminHandsTheLinkOn() {
        assertThat(mail(null).send(invitation, "https://chaos.example.com/invitations/x"))
                .isFalse();
    }

    @Test
    void aMailServerThatIsDownLeavesTheInvitationStanding() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(closedPort);
        assertThat(mail(sender).send(invitation, "https://chaos.example.com/invitations/x"))
                .isFalse();
    }

    private static InvitationMail mail(JavaMailSender sender) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (sender != null) {
            beans.addBean("mailSender", sender);
        }
        return new InvitationMail(beans.getBeanProvider(JavaMailSender.class), PROPERTIES);
    }

    /** Speaks just enough SMTP to take one message, and answers the whole conversation the client sent. */
    private static final class SmtpCapture implements AutoCloseable {

        private final ServerSocket server;
        private final CompletableFuture<String> message = new CompletableFuture<>();

        SmtpCapture() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::serveOne);
        }

        int port() {
            return server.getLocalPort();
        }

        CompletableFuture<String> message() {
            return message;
        }

        private void serveOne() {
            StringBuilder conversation = new StringBuilder();
            try (Socket client = server.accept();
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                reply(out, "220 capture ready");
                boolean data = false;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    conversation.append(line).append('\n');
                    if (data) {
                        if (line.equals(".")) {
                            data = false;
                            reply(out, "250 kept");
                        }
                    } else if (line.startsWith("DATA")) {
                        data = true;
                        reply(out, "354 go on");
                    } else if (line.startsWith("QUIT")) {
                        reply(out, "221 bye");
                        break;
                    } else {
                        reply(out, "250 ok");
                    }
                }
                message.complete(conversation.toString());
            } catch (IOException e) {
                message.completeExceptionally(e);
            }
        }

        private static void reply(PrintWriter out, String line) {
            out.print(line + "\r\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

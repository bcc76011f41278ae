package io.chaosplane.controlplane.support;

import io.chaosplane.controlplane.tenancy.AccountService;
import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateAccount;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * New tenants for tests: an account made the way the product makes them, and a first admin key put in
 * place by the database owner (as an operator would), from which tests issue every other key through the API.
 */
public class Fixtures {

    private static final org.springframework.security.crypto.password.PasswordEncoder PASSWORDS =
            org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final AccountService accounts;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger sequence = new AtomicInteger();

    Fixtures(AccountService accounts) {
        this.accounts = accounts;
    }

    /** A tenant: its account identifier and an account-wide admin key. */
    public record Tenant(String accountId, String adminKey) {}

    /** A new account on the enterprise plan, so that tests are not slowed by rate limits. */
    public Tenant newTenant() {
        return newTenant("enterprise");
    }

    public Tenant newTenant(String plan) {
        String accountId = "acct_" + sequence.incrementAndGet() + "_" + Integer.toHexString(random.nextInt());
        accounts.create(new CreateAccount(accountId, "Test account " + accountId), null);
        String key = newSecret();
        asOwner(connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("UPDATE accounts SET plan = ? WHERE account_id = ?")) {
                statement.setString(1, plan);
                statement.setString(2, accountId);
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO api_keys (id, account_id, name, role, key_prefix, secret_hash, created_by)
                    VALUES (?, ?, 'fixture admin', 'admin', ?, ?, 'test fixture')""")) {
                statement.setObject(1, UUID.randomUUID());
                statement.setString(2, accountId);
                statement.setString(3, key.substring(0, 14));
                statement.setBytes(4, sha256(key));
                statement.executeUpdate();
            }
        });
        return new Tenant(accountId, key);
    }

    /** A person of a tenant, who signs in with their e-mail and password. */
    public record Person(UUID id, String email, String password) {

        /** The API as this person, with HTTP Basic on every request (no session, so no CSRF token either). */
        public Api api(int port) {
            String basic = java.util.Base64.getEncoder()
                    .encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
            return new Api(port).withHeader("Authorization", "Basic " + basic);
        }
    }

    /**
     * A person with a role over the whole account, put in place by the database owner (as an operator would) for
     * tests about something else; how people really join is {@code InvitationsTest}'s subject.
     */
    public Person newPerson(String accountId, String role) {
        return newPerson(
                accountId,
                role,
                role + "-" + sequence.incrementAndGet() + "-" + accountId + "@example.com",
                "person-password-" + Integer.toHexString(random.nextInt()));
    }

    public Person newPerson(String accountId, String role, String email, String password) {
        Person person = new Person(UUID.randomUUID(), email, password);
        asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, ?, ?)")) {
                statement.setObject(1, person.id());
                statement.setString(2, email);
                statement.setString(3, role + " person");
                statement.setString(4, PASSWORDS.encode(person.password()));
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO memberships (id, account_id, user_id, role) VALUES (?, ?, ?, ?)""")) {
                statement.setObject(1, UUID.randomUUID());
                statement.setString(2, accountId);
                statement.setObject(3, person.id());
                statement.setString(4, role);
                statement.executeUpdate();
            }
        });
        return person;
    }

    /** Runs SQL as the tables' owner, past row-level security: for setting up what the API cannot. */
    public void asOwner(SqlWork work) {
        try (Connection connection = PostgresTestDatabase.get().connect()) {
            work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reasons of the account's events, oldest first. */
    public java.util.List<String> eventReasons(String accountId) {
        java.util.List<String> reasons = new java.util.ArrayList<>();
        asOwner(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT reason FROM events WHERE account_id = ? ORDER BY occurred_at, id")) {
                statement.setString(1, accountId);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        reasons.add(rows.getString(1));
                    }
                }
            }
        });
        return reasons;
    }

    @FunctionalInterface
    public interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    private String newSecret() {
        StringBuilder secret = new StringBuilder("cp_live_");
        for (int i = 0; i < 40; i++) {
            secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return secret.toString();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

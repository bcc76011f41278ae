package io.chaosplane.service.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Refuses to start a service whose runtime database role would not be bound by row-level security: a superuser, a
 * role with {@code BYPASSRLS}, or the owner of a table of the service's schema (policies do not bind a table's owner).
 * Any of these would make every tenant policy a no-op without a single query failing. Runs once the migrations are
 * done (after every singleton, Flyway's included), before the service takes requests.
 */
public final class RuntimeRoleGuard implements SmartInitializingSingleton {

    private final DataSource dataSource;
    private final String service;

    public RuntimeRoleGuard(DataSource dataSource, String service) {
        this.dataSource = dataSource;
        this.service = service;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try (Connection connection = dataSource.getConnection()) {
            problem(connection).ifPresent(problem -> {
                throw new UnconfinedRoleException(service + " refuses to start: " + problem);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the database role of " + service, e);
        }
    }

    /** What is wrong with the connection's role, in one sentence, if anything. */
    public static Optional<String> problem(Connection connection) throws SQLException {
        String role;
        List<String> reasons = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
                ResultSet row = statement.executeQuery()) {
            row.next();
            role = row.getString(1);
            if (row.getBoolean(2)) {
                reasons.add("is a superuser");
            }
            if (row.getBoolean(3)) {
                reasons.add("has BYPASSRLS");
            }
        }
        List<String> owned = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                        SELECT c.relname FROM pg_class c
                        WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                          AND c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace
                        ORDER BY c.relname LIMIT 4""");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                owned.add(rows.getString(1));
            }
        }
        if (!owned.isEmpty()) {
            reasons.add("owns tables (" + String.join(", ", owned) + ")");
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("its database role " + role + " " + String.join(" and ", reasons)
                + ", so row-level security would not bind it; connect as the service's own role (see the README's"
                + " configuration)");
    }

    /** The service's runtime role is not confined by row-level security. */
    public static final class UnconfinedRoleException extends RuntimeException {
        public UnconfinedRoleException(String message) {
            super(message);
        }
    }
}

package io.chaosplane.service.db;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a service's PostgreSQL database on first start, so that a newcomer needs no manual SQL. Connects to
 * the server's {@code postgres} maintenance database with the migration user's credentials.
 */
public final class DatabaseCreator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCreator.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private DatabaseCreator() {}

    public static void ensureExists(String jdbcUrl, String username, String password) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (database.isEmpty() || database.equals("postgres")) {
            return;
        }
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name '" + database + "' is not a plain identifier");
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String maintenanceUrl = "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/postgres" + query;
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, username, password);
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            connection.createStatement().execute("CREATE DATABASE " + database);
            log.info("created database {}", database);
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // another replica created it at the same moment
            }
            throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
        }
    }
}

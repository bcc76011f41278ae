package io.chaosplane.service.db;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;

/** Creates the database, if missing, just before Flyway migrates it. */
@AutoConfiguration
@ConditionalOnClass(Flyway.class)
public class DatabaseAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "chaosplane.database.create-if-missing", matchIfMissing = true)
    FlywayMigrationStrategy createDatabaseThenMigrate(
            FlywayConnectionDetails flywayConnection, ObjectProvider<JdbcConnectionDetails> dataSourceConnection) {
        return flyway -> {
            // Flyway's own settings win; what it leaves unset it takes from the data source, and so do we.
            String url = flywayConnection.getJdbcUrl() != null
                    ? flywayConnection.getJdbcUrl()
                    : dataSourceConnection.getObject().getJdbcUrl();
            DatabaseCreator.ensureExists(url, flywayConnection.getUsername(), flywayConnection.getPassword());
            flyway.migrate();
        };
    }
}

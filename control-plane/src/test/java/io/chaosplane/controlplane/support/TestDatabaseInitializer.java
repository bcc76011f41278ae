package io.chaosplane.controlplane.support;

import io.chaosplane.testsupport.PostgresTestDatabase;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points the control plane at this test run's own PostgreSQL database. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        PostgresTestDatabase database = PostgresTestDatabase.get();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "test-database",
                        Map.of(
                                "spring.datasource.url", database.jdbcUrl(),
                                "spring.flyway.user", database.username(),
                                "spring.flyway.password", database.password())));
    }
}

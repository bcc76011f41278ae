package io.chaosplane.testsupport.spring;

import io.chaosplane.testsupport.PostgresTestDatabase;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service at this test run's own PostgreSQL database; its owner runs the migrations. A service whose
 * application connects as the owner too (the log service) says so in its test properties.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-database", properties()));
    }

    public static Map<String, Object> properties() {
        PostgresTestDatabase database = PostgresTestDatabase.get();
        return Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.flyway.user", database.username(),
                "spring.flyway.password", database.password());
    }
}

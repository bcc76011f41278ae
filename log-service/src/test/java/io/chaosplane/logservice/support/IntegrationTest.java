package io.chaosplane.logservice.support;

import io.chaosplane.testsupport.spring.TestConfiguration;
import io.chaosplane.testsupport.spring.TestDatabaseInitializer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A log service on a real port, on this test run's own PostgreSQL database; every test class using it shares one
 * context. Tails re-check only every 30 s here, so a test that sees a line within seconds saw a wake-up work.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            IntegrationTest.SECRET_PROPERTY,
            "chaosplane.security.metrics-token=" + IntegrationTest.METRICS_TOKEN,
            "chaosplane.log-service.tail.recheck-interval=30s",
            "chaosplane.log-service.writer.queue-lines=6000",
            "logging.structured.format.console=",
            // a test JVM keeps few connections open, so that several test runs fit PostgreSQL's 100 connections
            "spring.datasource.hikari.minimum-idle=1",
            "spring.datasource.hikari.maximum-pool-size=8"
        })
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import({TestConfiguration.class, Tokens.class})
public @interface IntegrationTest {

    String SECRET = "test-secret-of-the-log-service-0123456789";
    String METRICS_TOKEN = "test-scrape-token-of-the-log-service";
    String SECRET_PROPERTY = "chaosplane.log-tokens.secret=" + SECRET;
}

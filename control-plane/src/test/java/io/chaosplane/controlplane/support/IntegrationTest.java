package io.chaosplane.controlplane.support;

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
 * A control plane on a real port, on this test run's own PostgreSQL database. Every test class that uses it
 * shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chaosplane.bootstrap.admin-password=bootstrap-admin-password",
            "chaosplane.bootstrap.account-identifier=bootstrap_account",
            "logging.structured.format.console=",
            // the Prometheus scrape's own credential (HealthEndpointsTest)
            "chaosplane.security.metrics-token=" + IntegrationTest.METRICS_TOKEN,
            "chaosplane.two-factor.secret-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            // every test signs in from 127.0.0.1 in one shared context: the per-address sign-in throttle would count
            // all their deliberate failures together (LoginThrottleTest sets its own limit in a context of its own)
            "chaosplane.login-throttle.address-failures=100000",
            // hub tests read Git repositories they create in a temporary directory (file://), which production refuses
            "chaosplane.hub.allow-local-repositories=true",
            // alert webhook tests deliver to a JDK HttpServer on 127.0.0.1, which production refuses, and wait little
            "chaosplane.alert-webhooks.encryption-key=test-alert-webhooks-key-0123456789abcdef",
            "chaosplane.alert-webhooks.allow-private-targets=true",
            "chaosplane.alert-webhooks.initial-backoff=100ms",
            "chaosplane.alert-webhooks.poll-interval=1s",
            // a test JVM keeps few connections open, so that several test runs fit PostgreSQL's 100 connections
            "spring.datasource.hikari.minimum-idle=1",
            "spring.datasource.hikari.maximum-pool-size=8"
        })
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
// StatementCounter wraps the data source as the context makes it
@Import({TestConfiguration.class, Fixtures.class, StatementCounter.class})
public @interface IntegrationTest {

    String METRICS_TOKEN = "test-scrape-token-0123456789";
}

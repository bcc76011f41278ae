package io.chaosplane.controlplane.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
public class TestConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }

    /** Static: it wraps the data source as the context makes it. */
    @Bean
    static StatementCounter statementCounter() {
        return new StatementCounter();
    }

    @Bean
    Fixtures fixtures(
            io.chaosplane.controlplane.tenancy.AccountService accounts,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        return new Fixtures(accounts, jdbc);
    }
}

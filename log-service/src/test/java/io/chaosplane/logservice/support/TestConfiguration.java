package io.chaosplane.logservice.support;

import io.chaosplane.service.token.LogStreamTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
public class TestConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }

    @Bean
    Tokens testTokens(LogStreamTokens tokens) {
        return new Tokens(tokens);
    }
}

package io.chaosplane.testsupport.spring;

import io.chaosplane.testsupport.TestClock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** What every service's integration tests share: a clock the tests can move. */
@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
public class TestConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }
}

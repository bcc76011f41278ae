package io.chaosplane.service.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Log-stream tokens for a service that mints or verifies them: {@code @Import(LogTokensConfiguration.class)}.
 * Deliberately not an auto-configuration, so that a service without log streams needs no secret.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LogTokenProperties.class)
public class LogTokensConfiguration {

    @Bean
    LogStreamTokens logStreamTokens(LogTokenProperties properties, ObjectProvider<Clock> clock) {
        return new LogStreamTokens(
                properties.secret().getBytes(StandardCharsets.UTF_8), clock.getIfAvailable(Clock::systemUTC));
    }
}

package io.chaosplane.logservice;

import io.chaosplane.service.token.LogTokensConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Execution log streams: agents write them, browsers read and tail them. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(LogTokensConfiguration.class)
public class LogServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(LogServiceApplication.class, args);
    }
}

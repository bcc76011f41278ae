package io.chaosplane.logservice.access;

import io.chaosplane.service.security.ExposureProperties;
import io.chaosplane.service.token.LogStreamTokens;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExposureProperties.class)
class AccessConfiguration {

    @Bean
    FilterRegistrationBean<DocumentationGate> documentationGate(
            ExposureProperties exposure, LogStreamTokens tokens, JsonMapper json) {
        FilterRegistrationBean<DocumentationGate> registration =
                new FilterRegistrationBean<>(new DocumentationGate(exposure, tokens, json));
        registration.addUrlPatterns("/v3/*", "/swagger-ui.html", "/swagger-ui/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<MetricsGate> metricsGate(ExposureProperties exposure, JsonMapper json) {
        FilterRegistrationBean<MetricsGate> registration =
                new FilterRegistrationBean<>(new MetricsGate(exposure, json));
        registration.addUrlPatterns("/actuator/prometheus", "/actuator/prometheus/*");
        return registration;
    }
}

package io.chaosplane.service.web;

import java.util.List;
import java.util.Set;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every ChaosPlane service answers bad input with: the product's error body for every error (the
 * container's own included), request bodies checked for type, size and storable text, parameters checked before
 * anything reads them, and JSON read strictly ({@link StrictText}).
 */
@AutoConfiguration
@AutoConfigureBefore({ErrorMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class})
@Import(ApiExceptionHandler.class)
public class ServiceWebAutoConfiguration {

    @Bean
    ProblemErrorController problemErrorController(
            ErrorAttributes errorAttributes,
            WebProperties webProperties,
            ObjectProvider<ErrorViewResolver> errorViewResolvers) {
        return new ProblemErrorController(
                errorAttributes,
                webProperties.getError(),
                errorViewResolvers.orderedStream().toList());
    }

    @Bean
    FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(
            @Value("${chaosplane.http.max-request-body:1MB}") DataSize maxRequestBody,
            @Value("${chaosplane.http.gzip-paths:}") List<String> gzipPaths,
            @Value("${chaosplane.http.max-inflated-body:64MB}") DataSize maxInflatedBody,
            @Value("${chaosplane.http.multipart-paths:}") Set<String> multipartPaths,
            @Value("${chaosplane.http.max-multipart-body:2MB}") DataSize maxMultipartBody,
            JsonMapper jsonMapper) {
        var registration = new FilterRegistrationBean<>(new RequestBodyFilter(
                maxRequestBody.toBytes(),
                jsonMapper,
                gzipPaths,
                maxInflatedBody.toBytes(),
                multipartPaths,
                maxMultipartBody.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setUrlPatterns(List.of("/*"));
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestParametersFilter> requestParametersFilter(JsonMapper jsonMapper) {
        var registration = new FilterRegistrationBean<>(new RequestParametersFilter(jsonMapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        registration.setUrlPatterns(List.of("/*"));
        return registration;
    }

    /** After Spring Boot's own JSON converter is set up (order 0), so that this one takes its place. */
    @Bean
    @Order(1)
    ServerHttpMessageConvertersCustomizer strictJsonConverter(JsonMapper jsonMapper) {
        return converters -> converters.withJsonConverter(new StrictText.JsonConverter(jsonMapper));
    }

    /**
     * Runs after Spring Boot's customizer, which puts Tomcat's HTML error report on the host: that one is replaced,
     * and the host told not to add its default at start.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(JsonMapper jsonMapper) {
        return factory -> factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemErrorReportValve(jsonMapper));
            if (host instanceof StandardHost standardHost) {
                standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}

package io.chaosplane.controlplane.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The UI's styles, scripts and images: public, without a session, and cacheable. Their URLs carry a hash of their
 * content, so Spring Security's "never cache" headers would only make every page load slower.
 */
@Configuration(proxyBeanMethods = false)
class WebAssetsSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain webAssets(HttpSecurity http) throws Exception {
        http.securityMatcher("/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/favicon.svg")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.cacheControl(HeadersConfigurer.CacheControlConfig::disable));
        return http.build();
    }
}

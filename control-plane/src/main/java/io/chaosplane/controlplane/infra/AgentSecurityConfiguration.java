package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.tenancy.TenantContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents' door: seed 001's paths, also behind the {@code /gratis} and {@code /gateway} prefixes. Stateless,
 * no CSRF (no browser session rides here), authenticated by the infrastructure's access key.
 */
@Configuration(proxyBeanMethods = false)
class AgentSecurityConfiguration {

    static final String[] AGENT_PATHS = {"/chaos/**", "/gratis/chaos/**", "/gateway/chaos/**"};

    @Bean
    @Order(1)
    SecurityFilterChain agentSecurity(HttpSecurity http, InfraCredentials credentials, TenantContext tenants,
            JsonMapper json) throws Exception {
        http.securityMatcher(AGENT_PATHS)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new AgentAuthenticationFilter(credentials, tenants, json),
                        AnonymousAuthenticationFilter.class);
        return http.build();
    }
}

package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.access.TenantContext;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agents' door: seed 001's paths, also behind the {@code /gratis} and {@code /gateway} prefixes. Agents are
 * not people: no session, no CSRF, no browser headers, no roles, only the infrastructure's access key. So these
 * paths skip Spring Security's chains, whose per-request work would cost a fleet's heartbeats more than the
 * heartbeats themselves, and one filter authenticates them instead.
 */
@Configuration(proxyBeanMethods = false)
class AgentSecurityConfiguration {

    static final String[] AGENT_PATHS = {"/chaos/**", "/gratis/chaos/**", "/gateway/chaos/**"};

    @Bean
    WebSecurityCustomizer agentPathsBypassSpringSecurity() {
        return web -> web.ignoring().requestMatchers(AGENT_PATHS);
    }

    @Bean
    FilterRegistrationBean<AgentAuthenticationFilter> agentAuthenticationFilter(
            InfraCredentials credentials, TenantContext tenants, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new AgentAuthenticationFilter(credentials, tenants, json));
        registration.setUrlPatterns(List.of("/chaos/*", "/gratis/chaos/*", "/gateway/chaos/*"));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}

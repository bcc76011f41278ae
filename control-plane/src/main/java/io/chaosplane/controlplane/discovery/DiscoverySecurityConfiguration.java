package io.chaosplane.controlplane.discovery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;

/**
 * The discovery agent's own calls are not people's: no session, no CSRF, no API key, only its install token or its
 * agent token, which {@link DiscoveryAgentProtocolController} checks. So they skip Spring Security's chains, as the
 * chaos agents' paths do; the admin routes beside them stay behind the API's door.
 */
@Configuration(proxyBeanMethods = false)
class DiscoverySecurityConfiguration {

    static final String[] AGENT_PATHS = {
        "/servicediscovery/api/v1/agents/*/manifest",
        "/servicediscovery/api/v1/agents/*/token",
        "/servicediscovery/api/v1/agents/*/config",
        "/servicediscovery/api/v1/agents/*/data",
        "/gateway/servicediscovery/api/v1/agents/*/manifest",
        "/gateway/servicediscovery/api/v1/agents/*/token",
        "/gateway/servicediscovery/api/v1/agents/*/config",
        "/gateway/servicediscovery/api/v1/agents/*/data"
    };

    @Bean
    WebSecurityCustomizer discoveryAgentPathsBypassSpringSecurity() {
        return web -> web.ignoring().requestMatchers(AGENT_PATHS);
    }
}

package io.chaosplane.controlplane.logs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the log service answers, for agents (in their tasks) and for the control plane itself.
 *
 * @param url the log service's base URL; its streams are under {@code /log-service}
 */
@ConfigurationProperties("chaosplane.log-service")
record LogServiceProperties(
        @DefaultValue("http://localhost:8081") String url) {

    String streamsUrl() {
        return url.replaceAll("/+$", "") + "/log-service";
    }
}

package io.chaosplane.controlplane.infra;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How agents' heartbeats become CONNECTED / DISCONNECTED.
 *
 * @param flushInterval how often the heartbeats a replica heard are written, all in one statement
 * @param timeout silence after which a connected agent is DISCONNECTED
 */
@ConfigurationProperties("chaosplane.liveness")
record LivenessProperties(
        @DefaultValue("5s") Duration flushInterval,
        @DefaultValue("45s") Duration timeout) {}

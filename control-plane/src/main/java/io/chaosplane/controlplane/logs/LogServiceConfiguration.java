package io.chaosplane.controlplane.logs;

import io.chaosplane.controlplane.run.LogLinks;
import io.chaosplane.controlplane.run.TaskLogSink;
import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogTokensConfiguration;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The log service, when the control plane is given the log-token secret: agents get a link and a WRITE token for
 * each task, lines posted to the control plane are forwarded, and people read a run's logs through the control
 * plane. Without the secret, tasks carry no link and the run's logs are the merged text each result carries.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${chaosplane.log-tokens.secret:}' != ''")
@Import(LogTokensConfiguration.class)
class LogServiceConfiguration {

    /** Agents stream for as long as their lease, and some more to deliver what they kept while cut off. */
    private static final Duration AFTER_LEASE = Duration.ofHours(1);

    @Bean
    LogServiceClient logServiceClient(LogServiceProperties properties, LogStreamTokens tokens) {
        return new LogServiceClient(properties, tokens);
    }

    @Bean
    LogLinks logLinks(LogServiceProperties properties, LogStreamTokens tokens) {
        return (accountId, runId, leaseSeconds) -> Optional.of(new LogLinks.LogLink(
                properties.streamsUrl(),
                tokens.mint(
                        accountId,
                        runId.toString(),
                        Set.of(LogStreamTokens.Permission.WRITE),
                        Duration.ofSeconds(leaseSeconds).plus(AFTER_LEASE))));
    }

    @Bean
    TaskLogSink taskLogSink(LogServiceClient client) {
        return client::append;
    }

    @Bean
    AbandonedStreams abandonedStreams(LogServiceClient client) {
        return new AbandonedStreams(client);
    }
}

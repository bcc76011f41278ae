package io.chaosplane.logservice.tail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-Sent Event tails.
 *
 * @param recheckInterval a tail re-reads its stream this often without a wake-up, so a lost one costs only latency
 * @param heartbeat       a comment is sent after this much silence, so proxies keep the connection and a gone
 *                        browser is noticed
 * @param maxDuration     a tail ends after this long; the browser's EventSource reconnects with Last-Event-ID
 * @param pageLines       lines read and sent at once
 */
@ConfigurationProperties("chaosplane.log-service.tail")
record TailProperties(
        @DefaultValue("2s") Duration recheckInterval,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30m") Duration maxDuration,
        @DefaultValue("500") int pageLines) {}

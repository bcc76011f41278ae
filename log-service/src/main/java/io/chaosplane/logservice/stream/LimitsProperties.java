package io.chaosplane.logservice.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may carry; beyond it the answer is 413.
 *
 * @param maxLineBytes  a line's {@code out} in UTF-8 (and, separately, its {@code args} as JSON)
 * @param maxBatchLines lines in one PUT or blob
 * @param maxBatchBytes one request body (also the service's request body limit)
 * @param maxPageLines  lines in one page read with GET
 */
@ConfigurationProperties("chaosplane.log-service.limits")
record LimitsProperties(
        @DefaultValue("64KB") DataSize maxLineBytes,
        @DefaultValue("5000") int maxBatchLines,
        @DefaultValue("4MB") DataSize maxBatchBytes,
        @DefaultValue("5000") int maxPageLines) {}

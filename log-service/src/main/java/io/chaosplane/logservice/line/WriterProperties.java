package io.chaosplane.logservice.line;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The group-commit writer.
 *
 * @param threads      writers, each with its own connection; two let one copy while the other commits
 * @param linger       how long a writer waits for more batches after the first, to commit them together
 * @param flushLines   lines at most in one transaction
 * @param flushBytes   bytes at most in one transaction
 * @param queueLines   lines at most waiting to be written; beyond, requests answer 503 with Retry-After
 * @param queueBytes   bytes at most waiting to be written
 * @param ackTimeout   how long a request waits for its lines to be committed before it answers 503
 * @param retryAfter   what a 503 tells the client to wait
 */
@ConfigurationProperties("chaosplane.log-service.writer")
record WriterProperties(
        @DefaultValue("2") int threads,
        @DefaultValue("2ms") Duration linger,
        @DefaultValue("20000") int flushLines,
        @DefaultValue("16MB") DataSize flushBytes,
        @DefaultValue("200000") int queueLines,
        @DefaultValue("128MB") DataSize queueBytes,
        @DefaultValue("30s") Duration ackTimeout,
        @DefaultValue("1s") Duration retryAfter) {

    WriterProperties {
        if (threads < 1 || flushLines < 1 || queueLines < 1) {
            throw new IllegalArgumentException("writer threads, flush-lines and queue-lines must be at least 1");
        }
    }
}

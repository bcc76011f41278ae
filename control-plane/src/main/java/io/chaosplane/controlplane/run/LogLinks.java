package io.chaosplane.controlplane.run;

import java.util.Optional;
import java.util.UUID;

/** Where an agent streams a run's task logs, and the short-lived token that lets it. */
public interface LogLinks {

    /** The log service's streams base URL, as agents use it, and a WRITE token for the run's streams. */
    record LogLink(String url, String token) {}

    /** Empty when no log service is configured: agents then post their logs to the control plane only. */
    Optional<LogLink> forRun(String accountId, UUID runId, long leaseSeconds);
}

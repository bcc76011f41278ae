package io.chaosplane.controlplane.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Four-eyes approval of runs a policy holds.
 *
 * @param timeout how long a run waits for its approval before it is stopped
 * @param sweepInterval how often runs waiting too long are looked for
 */
@ConfigurationProperties("chaosplane.approvals")
record ApprovalProperties(
        @DefaultValue("24h") Duration timeout,
        @DefaultValue("5s") Duration sweepInterval) {}

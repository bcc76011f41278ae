/**
 * Runs: task dispatch to agents, results, scores and statistics.
 */
@ApplicationModule(allowedDependencies = {"access", "event", "infra", "policy", "common"})
package io.chaosplane.controlplane.run;

import org.springframework.modulith.ApplicationModule;

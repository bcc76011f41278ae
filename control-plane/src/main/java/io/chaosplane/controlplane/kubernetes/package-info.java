/**
 * The Kubernetes runner's side of the agent protocol (seed 001's v2 routes).
 */
@ApplicationModule(allowedDependencies = {"access", "event", "infra", "policy", "run", "common"})
package io.chaosplane.controlplane.kubernetes;

import org.springframework.modulith.ApplicationModule;

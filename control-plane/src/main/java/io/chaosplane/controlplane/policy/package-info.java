/**
 * Policies: guardrails a run must pass before it starts.
 */
@ApplicationModule(allowedDependencies = {"access", "tenancy", "event", "common"})
package io.chaosplane.controlplane.policy;

import org.springframework.modulith.ApplicationModule;

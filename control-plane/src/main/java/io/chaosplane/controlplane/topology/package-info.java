/**
 * Topology: a project's components and dependencies, the overrides people set on them, the failure simulation,
 * what-if and the resilience score (seed 002). The engine is the {@code topology} module; this package feeds it
 * rows and stores its answers, one revision per change.
 */
@ApplicationModule(allowedDependencies = {"access", "tenancy", "event", "common"})
package io.chaosplane.controlplane.topology;

import org.springframework.modulith.ApplicationModule;

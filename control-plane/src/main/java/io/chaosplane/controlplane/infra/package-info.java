/**
 * Infrastructures: registration, agent credentials and liveness.
 */
@ApplicationModule(allowedDependencies = {"access", "tenancy", "event", "common"})
package io.chaosplane.controlplane.infra;

import org.springframework.modulith.ApplicationModule;

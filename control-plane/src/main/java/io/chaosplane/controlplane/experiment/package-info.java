/**
 * Experiments: manifests planned into runs.
 */
@ApplicationModule(
        allowedDependencies = {"access", "tenancy", "event", "infra", "policy", "run", "stopcondition", "common"})
package io.chaosplane.controlplane.experiment;

import org.springframework.modulith.ApplicationModule;

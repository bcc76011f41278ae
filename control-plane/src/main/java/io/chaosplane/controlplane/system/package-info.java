/**
 * Health and version endpoints.
 */
@ApplicationModule(allowedDependencies = {"access", "common"})
package io.chaosplane.controlplane.system;

import org.springframework.modulith.ApplicationModule;

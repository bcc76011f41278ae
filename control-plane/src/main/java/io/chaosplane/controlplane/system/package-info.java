/**
 * Health and version endpoints, and the downloads of chaosctl.
 */
@ApplicationModule(allowedDependencies = {"access", "common"})
package io.chaosplane.controlplane.system;

import org.springframework.modulith.ApplicationModule;

/**
 * Execution logs: tokens for the log service and the browser's tail.
 */
@ApplicationModule(allowedDependencies = {"access", "run", "common"})
package io.chaosplane.controlplane.logs;

import org.springframework.modulith.ApplicationModule;

/**
 * Events and the audit trail: what happened, recorded by every feature, read by the caller's rights.
 */
@ApplicationModule(allowedDependencies = {"access", "common"})
package io.chaosplane.controlplane.event;

import org.springframework.modulith.ApplicationModule;

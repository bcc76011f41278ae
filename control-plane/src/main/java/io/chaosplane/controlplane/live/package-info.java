/**
 * Live updates over WebSocket, across replicas.
 */
@ApplicationModule(allowedDependencies = {"access", "run", "workflow", "common"})
package io.chaosplane.controlplane.live;

import org.springframework.modulith.ApplicationModule;

/**
 * The scenario hub: the catalogue of public incidents and their replay on a project's topology, and the marketplace
 * of experiment and workflow packages (a built-in hub in the jar, more per account from Git or HTTP) installed into
 * a project through the experiment and workflow services.
 */
@ApplicationModule(allowedDependencies = {"access", "tenancy", "event", "experiment", "workflow", "topology", "common"})
package io.chaosplane.controlplane.hub;

import org.springframework.modulith.ApplicationModule;

/**
 * The tenants: accounts, organizations, projects and environments, and their CRUD.
 */
@ApplicationModule(allowedDependencies = {"access", "common"})
package io.chaosplane.controlplane.tenancy;

import org.springframework.modulith.ApplicationModule;

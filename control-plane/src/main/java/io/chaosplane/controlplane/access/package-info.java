/**
 * Who calls and what they may do: the caller and its grants, roles and plans, the guard, the tenant context
 * every transaction hands to PostgreSQL, and the project a request works in ({@link
 * io.chaosplane.controlplane.access.ProjectScope}). Depends on no feature.
 */
@ApplicationModule(allowedDependencies = {"common"})
package io.chaosplane.controlplane.access;

import org.springframework.modulith.ApplicationModule;

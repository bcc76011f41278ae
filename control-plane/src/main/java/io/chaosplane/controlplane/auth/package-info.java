/**
 * Authentication: people, sessions, API keys and their use, memberships, rate limits; turns a request into
 * its {@link io.chaosplane.controlplane.access.Caller}.
 */
@ApplicationModule(allowedDependencies = {"access", "tenancy", "event", "common"})
package io.chaosplane.controlplane.auth;

import org.springframework.modulith.ApplicationModule;

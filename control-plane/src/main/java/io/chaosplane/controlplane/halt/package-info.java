/**
 * Halts: the emergency stop of every run in a scope, the refusal of new runs there while it is active, and the
 * instruction agents find on their polls and heartbeats.
 */
@ApplicationModule(allowedDependencies = {"access", "tenancy", "event", "infra", "run", "common"})
package io.chaosplane.controlplane.halt;

import org.springframework.modulith.ApplicationModule;

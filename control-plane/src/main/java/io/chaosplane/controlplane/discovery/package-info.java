/**
 * Discovery agents (seed 001): their creation, install (manifest, host command, token exchange), the snapshots and
 * connections they send, and the topology built from them, written through the topology package as revisions.
 */
@ApplicationModule(allowedDependencies = {"access", "tenancy", "infra", "topology", "event", "common"})
package io.chaosplane.controlplane.discovery;

import org.springframework.modulith.ApplicationModule;

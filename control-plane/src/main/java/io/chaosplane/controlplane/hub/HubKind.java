package io.chaosplane.controlplane.hub;

/** Where a hub is read from. */
enum HubKind {
    git,
    http
}

package io.chaosplane.controlplane.access;

/** A role held over a scope of one account: by a membership of a person, or by an API key. */
public record Grant(ResourceScope scope, Role role) {}

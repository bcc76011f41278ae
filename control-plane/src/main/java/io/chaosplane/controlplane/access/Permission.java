package io.chaosplane.controlplane.access;

/** The three kinds of request, as seed 003 divides them: reads, actions, and everything else. */
public enum Permission {
    READ,
    OPERATE,
    MANAGE
}

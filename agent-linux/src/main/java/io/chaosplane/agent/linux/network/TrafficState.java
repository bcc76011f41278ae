package io.chaosplane.agent.linux.network;

/**
 * What reverting a network fault needs: where its root qdisc is (namespace, device) and its handle, so that revert
 * deletes that qdisc (with its classes and filters) and nothing else.
 */
public record TrafficState(String namespace, String device, int handle) {}

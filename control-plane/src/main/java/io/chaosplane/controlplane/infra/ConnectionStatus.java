package io.chaosplane.controlplane.infra;

/** Whether the agent is heard from: never yet, recently, or not for longer than the liveness timeout. */
public enum ConnectionStatus {
    PENDING,
    CONNECTED,
    DISCONNECTED
}

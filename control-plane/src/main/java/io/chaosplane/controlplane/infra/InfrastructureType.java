package io.chaosplane.controlplane.infra;

public enum InfrastructureType {
    Linux,
    Kubernetes
}

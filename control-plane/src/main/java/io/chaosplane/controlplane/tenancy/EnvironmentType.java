package io.chaosplane.controlplane.tenancy;

/** Harness's two kinds of environment; policies may treat production differently. */
public enum EnvironmentType {
    Production,
    PreProduction
}

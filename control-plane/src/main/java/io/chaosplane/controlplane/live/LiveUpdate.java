package io.chaosplane.controlplane.live;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * Seed 000's WebSocket message: {@code {"type":"update","resource":"experiment","name":...,"namespace":...,
 * "phase":...,"timestamp":...}}. The account and project travel with it between replicas but never to clients.
 */
record LiveUpdate(
        String type,
        String resource,
        String name,
        String namespace,
        String phase,
        Instant timestamp,
        @JsonIgnore String accountId,
        @JsonIgnore String organization,
        @JsonIgnore String project) {

    /** What replicas send each other: the update with its tenant. */
    record Envelope(
            String accountId,
            String organization,
            String project,
            String resource,
            String name,
            String namespace,
            String phase,
            Instant timestamp) {

        LiveUpdate update() {
            return new LiveUpdate(
                    "update", resource, name, namespace, phase, timestamp, accountId, organization, project);
        }
    }
}

package io.chaosplane.agent.k8s.fault;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.protocol.k8s.Targets;

/**
 * A fault of the Kubernetes catalogue. The instance the registry holds only reverts (from the journal's state,
 * after a restart too); {@link #aimedAt} gives the one that plans and injects against a task's targets. Everything
 * revert needs is in the state: the pods, containers, nodes and replicas chosen at plan time.
 */
public interface KubernetesFault<S> extends Fault<S> {

    Fault<S> aimedAt(Targets targets);
}

package io.chaosplane.controlplane.run;

/**
 * A last check before a run is made, after its policies passed, in the transaction that makes it: a gate that refuses
 * throws (a halt in force answers 409 naming itself). It holds for every way a run starts: the API, the pages,
 * workflows and schedules all start runs through {@link RunService#start}.
 */
public interface RunStartGate {

    void check(String accountId, RunPlan plan);
}

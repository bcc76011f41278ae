package io.chaosplane.agent.fault;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The faults this agent can run, by catalogue name. */
public final class FaultRegistry {

    private final Map<String, Fault<?>> faults;

    public FaultRegistry(List<? extends Fault<?>> faults) {
        this.faults = faults.stream().collect(Collectors.toUnmodifiableMap(Fault::name, Function.identity()));
    }

    public Optional<Fault<?>> find(String name) {
        return Optional.ofNullable(name).map(faults::get);
    }

    public Set<String> names() {
        return faults.keySet();
    }
}

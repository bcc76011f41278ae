package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.protocol.catalog.AgentCapabilities;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.service.web.ConflictException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Refuses a run with a fault that its infrastructure's agent said, at confirm, it cannot run (a kernel module it
 * lacks, not root, a command missing): 409 naming the fault and every reason, since the experiment is valid and it is
 * the infrastructure that must change. An agent that reported nothing is not held to anything.
 */
@Component
class CapabilityGate implements RunStartGate {

    private final InfrastructureService infrastructures;
    private final FaultCatalog catalog;

    CapabilityGate(InfrastructureService infrastructures, FaultCatalog catalog) {
        this.infrastructures = infrastructures;
        this.catalog = catalog;
    }

    @Override
    public void check(String accountId, RunPlan plan) {
        Map<UUID, Optional<AgentCapabilities>> reported = new HashMap<>();
        plan.steps().stream().flatMap(java.util.List::stream).forEach(fault -> {
            Optional<FaultDefinition> definition = catalog.find(fault.chaos().experiment());
            Optional<AgentCapabilities> capabilities = reported.computeIfAbsent(
                    fault.infrastructureId(), id -> infrastructures.capabilities(accountId, id));
            if (definition.isEmpty() || capabilities.isEmpty()) {
                return;
            }
            capabilities.get().refusal(definition.get()).ifPresent(reason -> {
                throw new ConflictException("fault '" + fault.name() + "' ("
                        + definition.get().name() + ") cannot run on its infrastructure: " + reason
                        + ", as its agent reported at confirm");
            });
        });
    }
}

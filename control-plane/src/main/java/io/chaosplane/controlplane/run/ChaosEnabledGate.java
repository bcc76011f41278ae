package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.infra.ChaosSwitchesChanged;
import io.chaosplane.controlplane.infra.InfrastructureService;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Refuses a run that would reach an infrastructure whose kill switch is off (409 naming it), and wakes the polls
 * waiting here when a switch turns, so that their agents hear of it at once.
 */
@Component
class ChaosEnabledGate implements RunStartGate {

    private final InfrastructureService infrastructures;
    private final TaskWakeups wakeups;

    ChaosEnabledGate(InfrastructureService infrastructures, TaskWakeups wakeups) {
        this.infrastructures = infrastructures;
        this.wakeups = wakeups;
    }

    @EventListener
    void switched(ChaosSwitchesChanged changed) {
        wakeups.wakeAllHere();
    }

    @Override
    public void check(String accountId, RunPlan plan) {
        List<UUID> reached = plan.steps().stream()
                .flatMap(List::stream)
                .map(RunPlan.Fault::infrastructureId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        infrastructures.requireChaosEnabled(accountId, reached);
    }
}

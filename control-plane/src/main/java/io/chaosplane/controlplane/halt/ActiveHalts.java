package io.chaosplane.controlplane.halt;

import io.chaosplane.controlplane.common.PgNotifications;
import io.chaosplane.controlplane.infra.AgentHalts;
import io.chaosplane.controlplane.infra.AgentPrincipal;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.run.RunStops;
import io.chaosplane.protocol.linux.Halt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This replica's copy of every tenant's active halts, so that agents' polls and heartbeats learn of them without a
 * query. It is read again when any replica makes or lifts a halt (a NOTIFY after the commit), after the listener
 * reconnects, and every few seconds in case a notification was lost; each time, the polls waiting here are woken to
 * look at their agents' halts.
 */
@Component
class ActiveHalts implements AgentHalts {

    static final String CHANNEL = "chaosplane_halts";
    private static final Logger log = LoggerFactory.getLogger(ActiveHalts.class);

    /** An active halt as this replica keeps it. */
    record Active(UUID id, String accountId, Target target, String reason) {

        Halt instruction() {
            return new Halt(id.toString(), target.scope().wireName(), reason);
        }
    }

    /** Where an infrastructure is, for matching; read once per halt change, and only for accounts with a halt. */
    private record Placement(String organization, String project, String environment) {}

    private final JdbcClient jdbc;
    private final PgNotifications notifications;
    private final RunStops runs;
    private final InfrastructureService infrastructures;
    private volatile Map<String, List<Active>> byAccount = Map.of();
    private final Map<UUID, Optional<Placement>> placements = new ConcurrentHashMap<>();

    ActiveHalts(JdbcClient jdbc, PgNotifications notifications, RunStops runs, InfrastructureService infrastructures) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.runs = runs;
        this.infrastructures = infrastructures;
        notifications.subscribe(CHANNEL, payload -> refresh());
        notifications.onReconnect(this::refresh);
    }

    @Override
    public List<Halt> activeFor(AgentPrincipal agent) {
        List<Active> halts = byAccount.get(agent.accountId());
        if (halts == null) {
            return List.of();
        }
        Placement placement = placements
                .computeIfAbsent(
                        agent.infrastructureId(),
                        id -> infrastructures.ofAgent(agent).map(ActiveHalts::placement))
                .orElse(null);
        if (placement == null) {
            return List.of();
        }
        List<Halt> covering = new ArrayList<>();
        for (Active halt : halts) {
            if (halt.target()
                    .covers(
                            agent.infrastructureId(),
                            placement.organization(),
                            placement.project(),
                            placement.environment())) {
                covering.add(halt.instruction());
            }
        }
        return List.copyOf(covering);
    }

    /** The account's active halts as this replica knows them. */
    List<Active> of(String accountId) {
        return byAccount.getOrDefault(accountId, List.of());
    }

    /** A halt was made or lifted here: this replica reads them at once, the others on the notification. */
    void changed() {
        refresh();
        notifications.send(CHANNEL, "changed");
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        refresh();
    }

    @Scheduled(
            fixedDelayString = "${chaosplane.halts.refresh-interval:5s}",
            initialDelayString = "${chaosplane.halts.refresh-interval:5s}")
    void periodically() {
        refresh();
    }

    /** Reads every active halt (one statement, across tenants through a narrow function) and wakes waiting polls. */
    synchronized void refresh() {
        Map<String, List<Active>> read = new ConcurrentHashMap<>();
        try {
            jdbc.sql("""
                            SELECT id, account_id, scope, org_identifier, project_identifier, environment_identifier,
                                   infrastructure_id, reason
                              FROM active_halts()""")
                    .query((rs, n) -> new Active(
                            rs.getObject("id", UUID.class),
                            rs.getString("account_id"),
                            new Target(
                                    HaltScope.fromWire(rs.getString("scope")).orElseThrow(),
                                    rs.getString("org_identifier"),
                                    rs.getString("project_identifier"),
                                    rs.getString("environment_identifier"),
                                    rs.getObject("infrastructure_id", UUID.class)),
                            rs.getString("reason")))
                    .list()
                    .forEach(halt -> read.computeIfAbsent(halt.accountId(), account -> new ArrayList<>())
                            .add(halt));
        } catch (RuntimeException e) {
            log.warn("could not read the active halts, keeping the last copy: {}", e.getMessage());
            return;
        }
        Map<String, List<Active>> before = byAccount;
        byAccount = Map.copyOf(read);
        placements.clear();
        if (!before.equals(byAccount)) {
            runs.wakeWaitingPolls();
        }
    }

    private static Placement placement(InfrastructureView infra) {
        return new Placement(infra.organizationIdentifier(), infra.projectIdentifier(), infra.environmentIdentifier());
    }
}

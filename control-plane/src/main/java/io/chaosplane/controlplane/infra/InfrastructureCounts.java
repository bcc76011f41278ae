package io.chaosplane.controlplane.infra;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** How many of a project's infrastructures are connected, for overviews such as the web UI's dashboard. */
@Component
public class InfrastructureCounts {

    /** Infrastructures of one project by connection status. */
    public record StatusCounts(long connected, long disconnected, long pending) {

        public long total() {
            return connected + disconnected + pending;
        }
    }

    private final JdbcClient jdbc;
    private final AccessGuard guard;

    InfrastructureCounts(JdbcClient jdbc, AccessGuard guard) {
        this.jdbc = jdbc;
        this.guard = guard;
    }

    @Transactional(readOnly = true)
    public StatusCounts byStatus(ResourceScope project) {
        Caller caller = guard.require(Permission.READ, project, project.toString());
        long[] counts = new long[ConnectionStatus.values().length];
        jdbc.sql("""
                        SELECT status, count(*) AS n FROM infrastructures
                         WHERE account_id = ? AND org_identifier = ? AND project_identifier = ?
                         GROUP BY status""")
                .params(caller.accountId(), project.organization(), project.project())
                .query((rs, n) ->
                        counts[ConnectionStatus.valueOf(rs.getString("status")).ordinal()] = rs.getLong("n"))
                .list();
        return new StatusCounts(
                counts[ConnectionStatus.CONNECTED.ordinal()],
                counts[ConnectionStatus.DISCONNECTED.ordinal()],
                counts[ConnectionStatus.PENDING.ordinal()]);
    }
}

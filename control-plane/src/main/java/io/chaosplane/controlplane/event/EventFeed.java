package io.chaosplane.controlplane.event;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.Paging;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the event log: newest first, limited to what the caller may read, filtered as asked. */
@Service
public class EventFeed {

    public record InvolvedObject(String kind, String name, String uid, String namespace) {}

    public record EventView(
            long id,
            String type,
            String reason,
            String message,
            InvolvedObject involvedObject,
            String namespace,
            String resource,
            String organizationIdentifier,
            String projectIdentifier,
            Instant timestamp) {}

    /**
     * What to list; every member may be null.
     *
     * @param type Normal or Warning
     * @param resource the resource's name, as an experiment's or an infrastructure's
     */
    public record Filter(String organization, String project, String namespace, String resource, String type) {}

    private final JdbcClient jdbc;
    private final AccessGuard guard;

    EventFeed(JdbcClient jdbc, AccessGuard guard) {
        this.jdbc = jdbc;
        this.guard = guard;
    }

    @Transactional(readOnly = true)
    public ListResponse<EventView> list(Filter filter, Paging paging) {
        Caller caller = guard.caller();
        if (filter.type() != null
                && !filter.type().equals("Normal")
                && !filter.type().equals("Warning")) {
            throw InvalidInputException.of("type", "must be Normal or Warning");
        }
        StringBuilder where = new StringBuilder(" WHERE account_id = :account");
        Map<String, Object> params = new HashMap<>();
        params.put("account", caller.accountId());
        if (filter.organization() != null || filter.project() != null) {
            if (filter.organization() == null) {
                throw InvalidInputException.of("organizationIdentifier", "is required when projectIdentifier is given");
            }
            ResourceScope scope = new ResourceScope(filter.organization(), filter.project());
            guard.require(Permission.READ, scope, scope.toString());
            where.append(" AND org_identifier = :org");
            params.put("org", filter.organization());
            if (filter.project() != null) {
                where.append(" AND project_identifier = :project");
                params.put("project", filter.project());
            }
        } else if (caller.roleOver(ResourceScope.account()).isEmpty()) {
            where.append(" AND (").append(visibleProjects(caller, params)).append(")");
        }
        if (filter.namespace() != null) {
            where.append(" AND namespace = :namespace");
            params.put("namespace", filter.namespace());
        }
        if (filter.resource() != null) {
            where.append(" AND resource_name = :resource");
            params.put("resource", filter.resource());
        }
        if (filter.type() != null) {
            where.append(" AND type = :type");
            params.put("type", filter.type());
        }
        long total = jdbc.sql("SELECT count(*) FROM events" + where)
                .params(params)
                .query(Long.class)
                .single();
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        List<EventView> items = jdbc.sql("SELECT * FROM events" + where
                        + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .query((rs, n) -> new EventView(
                        rs.getLong("id"),
                        rs.getString("type"),
                        rs.getString("reason"),
                        rs.getString("message"),
                        new InvolvedObject(
                                rs.getString("resource_kind"),
                                rs.getString("resource_name"),
                                rs.getString("resource_id"),
                                rs.getString("namespace")),
                        rs.getString("namespace"),
                        rs.getString("resource_name"),
                        rs.getString("org_identifier"),
                        rs.getString("project_identifier"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
        return ListResponse.of("EventList", items, total, paging);
    }

    /** The projects and organizations a caller without an account-wide grant may read events of. */
    private static String visibleProjects(Caller caller, Map<String, Object> params) {
        List<String> clauses = new ArrayList<>();
        int i = 0;
        for (Grant grant : caller.grants()) {
            String org = "g_org_" + i;
            params.put(org, grant.scope().organization());
            if (grant.scope().project() == null) {
                clauses.add("org_identifier = :" + org);
            } else {
                String project = "g_project_" + i;
                params.put(project, grant.scope().project());
                clauses.add("(org_identifier = :" + org + " AND project_identifier = :" + project + ")");
            }
            i++;
        }
        return clauses.isEmpty() ? "false" : String.join(" OR ", clauses);
    }
}

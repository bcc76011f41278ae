package io.chaosplane.controlplane.event;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.common.Cursor;
import io.chaosplane.controlplane.common.ListQuery;
import io.chaosplane.controlplane.common.SqlTimes;
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

    private static final String CURSOR = "events";

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
        return list(filter, paging, null);
    }

    /** A page of events, after the event a previous page's cursor names when one is given. */
    @Transactional(readOnly = true)
    public ListResponse<EventView> list(Filter filter, Paging paging, String cursor) {
        Caller caller = guard.caller();
        if (filter.type() != null
                && !filter.type().equals("Normal")
                && !filter.type().equals("Warning")) {
            throw InvalidInputException.of("type", "must be Normal or Warning");
        }
        if (filter.organization() != null || filter.project() != null) {
            if (filter.organization() == null) {
                throw InvalidInputException.of("organizationIdentifier", "is required when projectIdentifier is given");
            }
            ResourceScope scope = new ResourceScope(filter.organization(), filter.project());
            guard.require(Permission.READ, scope, scope.toString());
        }
        Cursor after = Cursor.decode(CURSOR, 2, cursor, paging);
        Map<String, Object> params = new HashMap<>();
        String where = where(caller, filter, params);
        ListQuery count = countQuery(where, params);
        long total =
                jdbc.sql(count.sql()).params(count.params()).query(Long.class).single();
        ListQuery query = pageQuery(where, params, paging, after);
        List<EventView> items = jdbc.sql(query.sql())
                .params(query.params())
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
        return ListResponse.of("EventList", items, total, paging)
                .withCursor(
                        items.size() < paging.limit()
                                ? null
                                : Cursor.encode(
                                        CURSOR,
                                        items.getLast().timestamp(),
                                        items.getLast().id()));
    }

    /** The events a checked filter asks for, of what the caller may read; fills {@code params}. */
    static String where(Caller caller, Filter filter, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" WHERE account_id = :account");
        params.put("account", caller.accountId());
        if (filter.organization() != null) {
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
        return where.toString();
    }

    static ListQuery countQuery(String where, Map<String, Object> params) {
        return new ListQuery("SELECT count(*) FROM events" + where, params);
    }

    /**
     * A page of events newest first: a backward range scan of the primary key (account_id, occurred_at, id), or of
     * events_project_recent_idx for one project, from the cursor's event, or past {@code offset} events.
     */
    static ListQuery pageQuery(String where, Map<String, Object> params, Paging paging, Cursor after) {
        Map<String, Object> all = new HashMap<>(params);
        StringBuilder sql = new StringBuilder("SELECT * FROM events").append(where);
        if (after != null) {
            sql.append(" AND (occurred_at, id) < (:afterAt, :afterId)");
            all.put("afterAt", SqlTimes.timestamp(after.instant(0)));
            all.put("afterId", after.number(1));
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit");
        all.put("limit", paging.limit());
        if (paging.offset() > 0) {
            sql.append(" OFFSET :offset");
            all.put("offset", paging.offset());
        }
        return new ListQuery(sql.toString(), all);
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

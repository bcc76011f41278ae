package io.chaosplane.controlplane.event;

import io.chaosplane.controlplane.tenancy.AccessGuard;
import io.chaosplane.controlplane.tenancy.Caller;
import io.chaosplane.controlplane.tenancy.Grant;
import io.chaosplane.controlplane.tenancy.Permission;
import io.chaosplane.controlplane.tenancy.ResourceScope;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.chaosplane.service.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seed 000's {@code GET /api/v1/events}: what happened, newest first, limited to what the caller may read. */
@RestController
@Tag(name = "Events", description = "Phase changes, injections, reverts, probe outcomes, policy decisions, agents")
class EventController {

    record InvolvedObject(String kind, String name, String uid, String namespace) {
    }

    record EventView(long id, String type, String reason, String message, InvolvedObject involvedObject,
            String namespace, String resource, String organizationIdentifier, String projectIdentifier,
            Instant timestamp) {
    }

    private final JdbcClient jdbc;
    private final AccessGuard guard;

    EventController(JdbcClient jdbc, AccessGuard guard) {
        this.jdbc = jdbc;
        this.guard = guard;
    }

    @GetMapping("/api/v1/events")
    @Operation(summary = "List events, newest first, filtered by namespace, resource name and type")
    @Transactional(readOnly = true)
    ListResponse<EventView> list(@RequestParam(required = false) String namespace,
            @Parameter(description = "The resource's name, as an experiment's or an infrastructure's")
            @RequestParam(required = false) String resource,
            @Parameter(description = "Normal or Warning") @RequestParam(required = false) String type,
            @RequestParam(required = false) String organizationIdentifier,
            @RequestParam(required = false) String projectIdentifier, @Valid @ParameterObject PageParams page) {
        Caller caller = guard.caller();
        if (type != null && !type.equals("Normal") && !type.equals("Warning")) {
            throw InvalidInputException.of("type", "must be Normal or Warning");
        }
        StringBuilder where = new StringBuilder(" WHERE account_id = :account");
        Map<String, Object> params = new HashMap<>();
        params.put("account", caller.accountId());
        if (organizationIdentifier != null || projectIdentifier != null) {
            if (organizationIdentifier == null) {
                throw InvalidInputException.of("organizationIdentifier", "is required when projectIdentifier is given");
            }
            ResourceScope scope = new ResourceScope(organizationIdentifier, projectIdentifier);
            guard.require(Permission.READ, scope, scope.toString());
            where.append(" AND org_identifier = :org");
            params.put("org", organizationIdentifier);
            if (projectIdentifier != null) {
                where.append(" AND project_identifier = :project");
                params.put("project", projectIdentifier);
            }
        } else if (caller.roleOver(ResourceScope.account()).isEmpty()) {
            where.append(" AND (").append(visibleProjects(caller, params)).append(")");
        }
        if (namespace != null) {
            where.append(" AND namespace = :namespace");
            params.put("namespace", namespace);
        }
        if (resource != null) {
            where.append(" AND resource_name = :resource");
            params.put("resource", resource);
        }
        if (type != null) {
            where.append(" AND type = :type");
            params.put("type", type);
        }
        Paging paging = page.paging();
        long total = jdbc.sql("SELECT count(*) FROM events" + where).params(params).query(Long.class).single();
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        List<EventView> items = jdbc.sql("SELECT * FROM events" + where
                        + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .query((rs, n) -> new EventView(rs.getLong("id"), rs.getString("type"), rs.getString("reason"),
                        rs.getString("message"), new InvolvedObject(rs.getString("resource_kind"),
                                rs.getString("resource_name"), rs.getString("resource_id"), rs.getString("namespace")),
                        rs.getString("namespace"), rs.getString("resource_name"), rs.getString("org_identifier"),
                        rs.getString("project_identifier"), rs.getTimestamp("occurred_at").toInstant()))
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

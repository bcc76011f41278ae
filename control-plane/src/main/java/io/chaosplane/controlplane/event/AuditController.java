package io.chaosplane.controlplane.event;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.chaosplane.service.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Audit", description = "Who changed access: keys, members, log-ins")
class AuditController {

    private final JdbcClient jdbc;
    private final AccessGuard guard;
    private final JsonMapper json;

    AuditController(JdbcClient jdbc, AccessGuard guard, JsonMapper json) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.json = json;
    }

    record AuditEventView(
            long id,
            Instant occurredAt,
            String actor,
            String action,
            String target,
            String outcome,
            Map<String, Object> details) {}

    @GetMapping("/api/v1/audit")
    @Operation(summary = "List the account's audit trail, newest first (account admin)")
    @Transactional(readOnly = true)
    public ListResponse<AuditEventView> list(
            @Valid @ParameterObject PageParams page, @RequestParam(required = false) String action) {
        var caller = guard.require(Permission.MANAGE, ResourceScope.account(), "account");
        Paging paging = page.paging();
        String filter = " WHERE account_id = :account" + (action != null ? " AND action = :action" : "");
        var params = new java.util.HashMap<String, Object>();
        params.put("account", caller.accountId());
        if (action != null) {
            params.put("action", action);
        }
        long total = jdbc.sql("SELECT count(*) FROM audit_events" + filter)
                .params(params)
                .query(Long.class)
                .single();
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        List<AuditEventView> items = jdbc.sql(
                        "SELECT id, occurred_at, actor, action, target, outcome, details::text AS details"
                                + " FROM audit_events" + filter
                                + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .query((rs, n) -> new AuditEventView(
                        rs.getLong("id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("outcome"),
                        json.readValue(rs.getString("details"), new TypeReference<Map<String, Object>>() {})))
                .list();
        return ListResponse.of("AuditEventList", items, total, paging);
    }
}

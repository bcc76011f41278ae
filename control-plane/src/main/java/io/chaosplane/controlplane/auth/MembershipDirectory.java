package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A person's grants in every account, read across tenants through the one function allowed to. */
@Component
class MembershipDirectory {

    record AccountGrant(String accountId, String accountName, Plan plan, ResourceScope scope, Role role) {}

    private final JdbcClient jdbc;

    MembershipDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<AccountGrant> grantsOf(UUID userId) {
        return jdbc.sql("SELECT * FROM memberships_of_user(?)")
                .param(userId)
                .query((rs, n) -> new AccountGrant(
                        rs.getString("account_id"),
                        rs.getString("account_name"),
                        Plan.fromWire(rs.getString("plan")),
                        new ResourceScope(rs.getString("org_identifier"), rs.getString("project_identifier")),
                        Role.fromWire(rs.getString("role"))))
                .list();
    }
}

package io.chaosplane.controlplane.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second wall: a query that forgets its account filter still sees only the current tenant's rows,
 * because the application's database role is bound by row-level security.
 */
@IntegrationTest
class RowLevelSecurityTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TenantContext tenants;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aQueryWithoutAnAccountFilterSeesOnlyTheCurrentTenant() {
        String first = fixtures.newTenant().accountId();
        String second = fixtures.newTenant().accountId();

        List<String> seen = tenants.callAs(
                first,
                () -> transactions.execute(
                        status -> jdbc.queryForList("SELECT DISTINCT account_id FROM organizations", String.class)));

        assertThat(seen).containsExactly(first).doesNotContain(second);
    }

    @Test
    void workWithoutATenantSeesNoTenantRowsAtAll() {
        fixtures.newTenant();
        Integer outsideTransaction = jdbc.queryForObject("SELECT count(*) FROM organizations", Integer.class);
        Integer inTransaction =
                transactions.execute(status -> jdbc.queryForObject("SELECT count(*) FROM api_keys", Integer.class));
        assertThat(outsideTransaction).isZero();
        assertThat(inTransaction).isZero();
    }

    @Test
    void aTenantCannotWriteRowsOfAnother() {
        String first = fixtures.newTenant().accountId();
        String second = fixtures.newTenant().accountId();
        assertThatThrownBy(() -> tenants.runAs(
                        first,
                        () -> transactions.executeWithoutResult(status -> jdbc.update(
                                "INSERT INTO organizations (id, account_id, identifier, name) VALUES (gen_random_uuid(), ?, 'planted', 'x')",
                                second))))
                .rootCause()
                .hasMessageContaining("row-level security");
        Integer updated = tenants.callAs(
                first,
                () -> transactions.execute(status ->
                        jdbc.update("UPDATE organizations SET name = 'hijacked' WHERE account_id = ?", second)));
        assertThat(updated).isZero();
    }

    @Test
    void theApplicationRoleOwnsNoTableSoThePoliciesBindIt() {
        Boolean bypasses = jdbc.queryForObject(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user", Boolean.class);
        Integer owned = jdbc.queryForObject(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user",
                Integer.class);
        assertThat(bypasses).isFalse();
        assertThat(owned).isZero();
    }
}

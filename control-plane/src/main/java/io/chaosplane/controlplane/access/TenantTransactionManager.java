package io.chaosplane.controlplane.access;

import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A JPA transaction manager that tells PostgreSQL, first thing in every transaction, which account the
 * transaction works for. The setting is transaction-local ({@code set_config(..., true)}), so a pooled
 * connection never carries one request's tenant into the next.
 */
class TenantTransactionManager extends JpaTransactionManager {

    private final transient TenantContext tenantContext;

    TenantTransactionManager(TenantContext tenantContext) {
        this.tenantContext = tenantContext;
        tenantContext.onSwitchInTransaction(this::switchTenant);
    }

    /** Writes what the running transaction changed for the tenant it leaves, then tells PostgreSQL the next. */
    private void switchTenant(String account) {
        EntityManagerHolder holder =
                (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
        if (holder != null) {
            holder.getEntityManager().flush();
        }
        applyTenant(account);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        applyTenant(tenantContext.accountId().orElse(""));
    }

    private void applyTenant(String account) {
        EntityManagerHolder holder =
                (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
        if (holder == null) {
            return; // not a transaction of this manager
        }
        EntityManager entityManager = holder.getEntityManager();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT set_config('app.account_id', ?, true)")) {
                statement.setString(1, account);
                statement.execute();
            }
        });
    }
}

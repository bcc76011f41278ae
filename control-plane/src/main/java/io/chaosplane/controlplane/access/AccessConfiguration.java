package io.chaosplane.controlplane.access;

import io.chaosplane.service.db.RuntimeRoleGuard;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    PlatformTransactionManager transactionManager(
            EntityManagerFactory entityManagerFactory, TenantContext tenantContext) {
        TenantTransactionManager transactionManager = new TenantTransactionManager(tenantContext);
        transactionManager.setEntityManagerFactory(entityManagerFactory);
        // A refusal caught inside a transaction (a workflow step whose run a policy refuses) fails that step only.
        // Refusals are raised before their method writes anything; an exception nobody catches still rolls back.
        transactionManager.setGlobalRollbackOnParticipationFailure(false);
        return transactionManager;
    }

    /** Row-level security is the second wall only if the application's role is bound by it: checked at start. */
    @Bean
    RuntimeRoleGuard runtimeRoleGuard(DataSource dataSource) {
        return new RuntimeRoleGuard(dataSource, "the control plane");
    }
}

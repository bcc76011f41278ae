package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.tenancy.AccountService;
import io.chaosplane.controlplane.tenancy.TenancyDtos.CreateAccount;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start of an empty database, makes the first administrator and their account. Replicas
 * starting together take an advisory lock, so exactly one of them does it.
 */
@Component
@Order(0)
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private static final long LOCK_KEY = 0x43504241444d494eL; // "CPBADMIN"

    private final BootstrapProperties properties;
    private final UserAccounts users;
    private final AccountService accounts;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final SecureRandom random;

    BootstrapAdmin(
            BootstrapProperties properties,
            UserAccounts users,
            AccountService accounts,
            TransactionTemplate transactions,
            JdbcClient jdbc,
            SecureRandom random) {
        this.properties = properties;
        this.users = users;
        this.accounts = accounts;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.random = random;
    }

    @Override
    public void run(ApplicationArguments args) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK_KEY).query().singleRow();
            if (users.anyExists()) {
                return;
            }
            boolean generated = properties.adminPassword() == null
                    || properties.adminPassword().isBlank();
            String password = generated ? newPassword() : properties.adminPassword();
            User admin = users.create(properties.adminEmail(), "Administrator", password, true);
            var account = accounts.create(
                    new CreateAccount(blankToNull(properties.accountIdentifier()), properties.accountName()),
                    admin.id());
            if (generated) {
                log.warn("""

                        ================================================================================
                        First start: sign in as {} with password {}
                        Account: {} ({}). The password is shown only this once; change it after signing in.
                        ================================================================================""", admin.email(), password, account.name(), account.accountIdentifier());
            } else {
                log.info(
                        "First start: made administrator {} of account {} with the configured password",
                        admin.email(),
                        account.accountIdentifier());
            }
        });
    }

    private String newPassword() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

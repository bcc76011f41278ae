package io.chaosplane.controlplane.access;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The account the current thread works for. Every transaction hands it to PostgreSQL (see
 * {@link TenantTransactionManager}), where row-level security keeps other accounts' rows out of every query.
 * Work with no account sees no tenant rows at all.
 */
@Component
public class TenantContext {

    private final ThreadLocal<String> accountId = new ThreadLocal<>();
    private volatile Consumer<String> transactionSwitcher = account -> {};

    public Optional<String> accountId() {
        return Optional.ofNullable(accountId.get());
    }

    /** Works for the account until the returned scope is closed, which restores the one before. */
    public Scope enter(String account) {
        String previous = accountId.get();
        accountId.set(account);
        // A transaction already running (the bootstrap's, say) told PostgreSQL its tenant at its start:
        // tell it the new one, and the old one again on the way out.
        boolean switched = !account.equals(previous) && TransactionSynchronizationManager.isActualTransactionActive();
        if (switched) {
            transactionSwitcher.accept(account);
        }
        return () -> {
            if (previous == null) {
                accountId.remove();
            } else {
                accountId.set(previous);
            }
            if (switched) {
                transactionSwitcher.accept(previous == null ? "" : previous);
            }
        };
    }

    /** How to tell a running transaction of a new tenant; set by the transaction manager. */
    void onSwitchInTransaction(Consumer<String> switcher) {
        this.transactionSwitcher = switcher;
    }

    public <T> T callAs(String account, Supplier<T> work) {
        try (Scope ignored = enter(account)) {
            return work.get();
        }
    }

    public void runAs(String account, Runnable work) {
        try (Scope ignored = enter(account)) {
            work.run();
        }
    }

    /** An entered context; closing it never throws. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

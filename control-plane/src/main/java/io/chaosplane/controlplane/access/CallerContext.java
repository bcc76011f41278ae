package io.chaosplane.controlplane.access;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The caller of the request the current thread serves, together with its account in the {@link TenantContext}.
 * Entered once per request by the authentication filters.
 */
@Component
public class CallerContext {

    private final ThreadLocal<Caller> caller = new ThreadLocal<>();
    private final TenantContext tenantContext;

    CallerContext(TenantContext tenantContext) {
        this.tenantContext = tenantContext;
    }

    public Optional<Caller> current() {
        return Optional.ofNullable(caller.get());
    }

    /** Serves as the caller, in its account, until the returned scope is closed. */
    public TenantContext.Scope enter(Caller who) {
        Caller previous = caller.get();
        caller.set(who);
        TenantContext.Scope tenant = tenantContext.enter(who.accountId());
        return () -> {
            tenant.close();
            if (previous == null) {
                caller.remove();
            } else {
                caller.set(previous);
            }
        };
    }

    public <T> T callAs(Caller who, Supplier<T> work) {
        try (TenantContext.Scope ignored = enter(who)) {
            return work.get();
        }
    }
}

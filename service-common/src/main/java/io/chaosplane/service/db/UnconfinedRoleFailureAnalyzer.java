package io.chaosplane.service.db;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says in one line why a service with an unconfined database role did not start, without a stack trace. */
public final class UnconfinedRoleFailureAnalyzer
        extends AbstractFailureAnalyzer<RuntimeRoleGuard.UnconfinedRoleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RuntimeRoleGuard.UnconfinedRoleException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set the service's database user to its own role, one that is no superuser, has no BYPASSRLS and owns"
                        + " no table (the migrations' user owns them).",
                cause);
    }
}

package io.chaosplane.logservice.support;

import io.chaosplane.service.token.LogStreamTokens;
import io.chaosplane.service.token.LogStreamTokens.Permission;
import java.time.Duration;
import java.util.Set;

/** Mints tokens as the control plane does: one per run, the run id as key prefix. */
public record Tokens(LogStreamTokens tokens) {

    public String write(String accountId, String runId) {
        return tokens.mint(accountId, runId, Set.of(Permission.WRITE), Duration.ofHours(1));
    }

    public String read(String accountId, String runId) {
        return tokens.mint(accountId, runId, Set.of(Permission.READ), Duration.ofHours(1));
    }
}

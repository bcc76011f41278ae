package io.chaosplane.agent.task;

import io.chaosplane.agent.config.ConfigException;
import io.chaosplane.agent.config.HostPolicy;
import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.linux.Task;
import java.util.Optional;

/**
 * The host administrator's policy file against a task, before anything is injected. The file is read again for every
 * task (like {@link LocalKillSwitch}), so that an edit takes effect without a restart; a file that has since become
 * unreadable, malformed or writable by others refuses every task, naming the file.
 */
final class HostPolicyCheck {

    private final HostPolicy started;
    private final FaultCatalog catalog;

    /** @param started the policy as loaded at start-up; its source, if any, is read again for each task */
    HostPolicyCheck(HostPolicy started, FaultCatalog catalog) {
        this.started = started;
        this.catalog = catalog;
    }

    Optional<String> refusal(Task task) {
        if (task.chaos() == null) {
            return Optional.empty(); // refused as invalid by its runner
        }
        HostPolicy policy;
        try {
            policy = started.source().map(HostPolicy::load).orElse(started);
        } catch (ConfigException e) {
            return Optional.of("task refused: " + e.getMessage());
        }
        return policy.refusal(task.chaos(), catalog);
    }
}

package io.chaosplane.controlplane.run;

import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.stereotype.Component;

/** Without a log service, tasks carry no log link and agents post their logs to the control plane only. */
@Component
@ConditionalOnMissingBean(value = LogLinks.class, ignored = NoLogService.class)
class NoLogService implements LogLinks {

    @Override
    public Optional<LogLink> forRun(String accountId, UUID runId, long leaseSeconds) {
        return Optional.empty();
    }
}

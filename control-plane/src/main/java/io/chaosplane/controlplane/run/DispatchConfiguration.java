package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.common.PgNotifications;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    @Bean
    TaskWakeups taskWakeups(DispatchProperties properties, PgNotifications notifications, Clock clock) {
        if ("polling".equals(properties.wakeups())) {
            return new PollingTaskWakeups();
        }
        return new PostgresTaskWakeups(notifications, properties.notifyMergeWindow(), clock);
    }

    /** Sends the NOTIFYs merged in the last window. */
    @Bean
    MergedNotifications mergedNotifications(TaskWakeups wakeups) {
        return new MergedNotifications(wakeups);
    }

    static class MergedNotifications {
        private final TaskWakeups wakeups;

        MergedNotifications(TaskWakeups wakeups) {
            this.wakeups = wakeups;
        }

        @Scheduled(fixedDelayString = "${chaosplane.dispatch.notify-merge-window:100ms}")
        void flush() {
            if (wakeups instanceof PostgresTaskWakeups postgres) {
                postgres.flushPending();
            }
        }
    }
}

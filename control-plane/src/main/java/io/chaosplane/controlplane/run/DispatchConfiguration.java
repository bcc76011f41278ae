package io.chaosplane.controlplane.run;

import java.time.Clock;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    @Bean
    TaskWakeups taskWakeups(DispatchProperties properties, JdbcTemplate jdbc, DataSourceProperties dataSource, Clock clock) {
        if ("polling".equals(properties.wakeups())) {
            return new PollingTaskWakeups();
        }
        return new PostgresTaskWakeups(jdbc, dataSource.determineUrl(), dataSource.determineUsername(),
                dataSource.determinePassword(), properties.notifyMergeWindow(), clock);
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

package io.chaosplane.controlplane.run;

import java.time.Clock;
import io.chaosplane.controlplane.common.PgNotifications;
import org.springframework.context.SmartLifecycle;
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

    /**
     * Answers the waiting long polls when the replica stops. Its phase is above the web server's graceful shutdown,
     * so it runs first: otherwise that shutdown would wait out each agent's poll (up to a minute).
     */
    @Bean
    SmartLifecycle longPollRelease(TaskWakeups wakeups) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                wakeups.release();
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
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

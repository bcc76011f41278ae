package io.chaosplane.controlplane.run;

import io.chaosplane.controlplane.common.PgNotifications;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    @Bean
    DispatchMetrics dispatchMetrics(MeterRegistry registry) {
        return new DispatchMetrics(registry);
    }

    @Bean
    TaskWakeups taskWakeups(
            DispatchProperties properties,
            PgNotifications notifications,
            DispatchMetrics metrics,
            MeterRegistry registry) {
        PollingTaskWakeups wakeups = "polling".equals(properties.wakeups())
                ? new PollingTaskWakeups()
                : new PostgresTaskWakeups(notifications, properties.notifyMergeWindow(), metrics);
        Gauge.builder("chaosplane.dispatch.polls.waiting", wakeups, PollingTaskWakeups::waitingPolls)
                .description("agents' task polls waiting in this replica")
                .register(registry);
        return wakeups;
    }
}

package io.chaosplane.logservice.wakeup;

import javax.sql.DataSource;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WakeupConfiguration {

    @Bean
    StreamWakeups streamWakeups(WakeupProperties properties, DataSource dataSource, JdbcConnectionDetails connection) {
        return switch (properties.transport()) {
            case POSTGRES -> new PostgresStreamWakeups(dataSource, connection, properties.notifyInterval());
            case POLLING -> new PollingStreamWakeups();
        };
    }
}

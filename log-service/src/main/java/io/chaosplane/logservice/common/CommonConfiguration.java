package io.chaosplane.logservice.common;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.logs.LogLine;
import io.chaosplane.service.db.RuntimeRoleGuard;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.module.SimpleModule;

@Configuration(proxyBeanMethods = false)
class CommonConfiguration {

    /** All of the service reads time from here, in UTC, so that tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Row-level security would not bind a superuser, a BYPASSRLS role or the tables' owner: such a role cannot start. */
    @Bean
    RuntimeRoleGuard runtimeRoleGuard(DataSource dataSource) {
        return new RuntimeRoleGuard(dataSource, "the log service");
    }

    /** Lines are read and written exactly as agents and the control plane do (seed 001's JSON mapping). */
    @Bean
    JsonMapperBuilderCustomizer protocolJson() {
        return builder -> ProtocolJson.configure(builder)
                .addModule(new SimpleModule("log-lines").addDeserializer(LogLine.class, new LogLineDeserializer()));
    }
}

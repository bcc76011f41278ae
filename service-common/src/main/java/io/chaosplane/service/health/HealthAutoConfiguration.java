package io.chaosplane.service.health;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** {@code /healthz} and {@code /readyz} for every ChaosPlane service, and the database probe behind them. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProbeEndpoints.class)
public class HealthAutoConfiguration {

    @Bean
    DatabaseProbe databaseProbe(DataSource dataSource) {
        return new DatabaseProbe(dataSource);
    }
}

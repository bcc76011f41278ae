package io.chaosplane.bench;

import io.chaosplane.controlplane.ControlPlaneApplication;
import io.chaosplane.testsupport.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A control plane in this process, on a fresh database of its own, as in production otherwise. */
final class BenchControlPlane implements AutoCloseable {

    static final String ADMIN = "admin@chaosplane.local";
    static final String PASSWORD = "bench-admin-password";

    private final ConfigurableApplicationContext context;

    private BenchControlPlane(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static BenchControlPlane start(String... extraProperties) {
        PostgresTestDatabase database = PostgresTestDatabase.get();
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.flyway.user=" + database.username(),
                "--chaosplane.bootstrap.admin-password=" + PASSWORD,
                "--chaosplane.bootstrap.account-identifier=bench",
                "--logging.structured.format.console=",
                "--logging.level.root=WARN",
                "--chaosplane.rate-limit.enabled=false",
                "--spring.datasource.hikari.maximum-pool-size=20"));
        for (String property : extraProperties) {
            arguments.add("--" + property);
        }
        return new BenchControlPlane(
                new SpringApplicationBuilder(ControlPlaneApplication.class).run(arguments.toArray(String[]::new)));
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    String baseUrl() {
        return "http://localhost:" + port();
    }

    @Override
    public void close() {
        context.close();
    }
}

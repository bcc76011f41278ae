package io.chaosplane.controlplane.support;

import io.chaosplane.controlplane.ControlPlaneApplication;
import io.chaosplane.testsupport.PostgresTestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Another control-plane replica on the same database, for tests of what replicas share. */
public final class SecondReplica implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SecondReplica(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static SecondReplica start(String... properties) {
        PostgresTestDatabase database = PostgresTestDatabase.get();
        // command-line arguments, so that they win over application.yml as the first replica's test properties do
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.flyway.user=" + database.username(),
                "--chaosplane.bootstrap.admin-password=bootstrap-admin-password",
                "--logging.structured.format.console="));
        for (String property : properties) {
            arguments.add("--" + property);
        }
        return new SecondReplica(
                new SpringApplicationBuilder(ControlPlaneApplication.class).run(arguments.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}

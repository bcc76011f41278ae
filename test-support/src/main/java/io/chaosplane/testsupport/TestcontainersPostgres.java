package io.chaosplane.testsupport;

/**
 * The last resort of {@link PostgresTestDatabase}: a throw-away PostgreSQL in Docker. Testcontainers is an
 * optional dependency; this class only touches it once Docker is known to answer.
 */
record TestcontainersPostgres(String jdbcUrl, String username, String password) {

    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static TestcontainersPostgres start() {
        var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine");
        container.start();
        return new TestcontainersPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
}

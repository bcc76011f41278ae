package io.chaosplane.cli;

import io.chaosplane.protocol.api.HaltRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** The emergency stop: {@code halt} makes one, {@code halts} lists them and {@code halts lift} lifts one. */
final class HaltCommands {

    private static final List<Output.Column> COLUMNS = List.of(
            new Output.Column("ID", "/id"),
            new Output.Column("SCOPE", "/scope"),
            new Output.Column("ORG", "/organizationIdentifier"),
            new Output.Column("PROJECT", "/projectIdentifier"),
            new Output.Column("ENVIRONMENT", "/environmentIdentifier"),
            new Output.Column("INFRA", "/infrastructureId"),
            new Output.Column("ACTIVE", "/active"),
            new Output.Column("RUNS STOPPED", "/runsStopped"),
            new Output.Column("FAULTS REVERTING", "/faultsReverting"),
            new Output.Column("CREATED BY", "/createdBy"),
            new Output.Column("CREATED", "/createdAt"),
            new Output.Column("REASON", "/reason"));

    private HaltCommands() {}

    /** One halt as a table row, or as it came in JSON or YAML. */
    private static void printOne(Session session, Output.Format format, JsonNode halt) {
        Output.print(
                session.out(),
                format,
                format == Output.Format.table ? ApiClient.JSON.createArrayNode().add(halt) : halt,
                COLUMNS);
    }

    enum Scope {
        account,
        organization,
        project,
        environment,
        infrastructure
    }

    @Command(
            name = "halt",
            mixinStandardHelpOptions = true,
            description = "Halt everything in a scope (operator): its runs stop, their faults are reverted, and no run"
                    + " starts there until the halt is lifted ('chaosctl halts lift ID'). organization needs --org,"
                    + " project also --project, environment also --environment, infrastructure needs --infra;"
                    + " --org and --project default to the context's.",
            footer = {
                "%nExamples:",
                "  chaosctl halt --scope project --org default --project shop \\",
                "    --reason 'incident 4711' --idempotency-key incident-4711",
                "  chaosctl halt --scope infrastructure --infra \"$INFRA_ID\" \\",
                "    --reason 'host web-01 degraded' -o json"
            })
    static final class Halt implements Callable<Integer> {

        private final Session session;

        @Mixin
        ConnectionOptions connection;

        @Option(
                names = "--scope",
                required = true,
                description = "account, organization, project, environment or infrastructure")
        Scope scope;

        @Option(names = "--environment", paramLabel = "ID", description = "Environment identifier (scope environment).")
        String environment;

        @Option(names = "--infra", paramLabel = "ID", description = "Infrastructure id (scope infrastructure).")
        String infrastructure;

        @Option(names = "--reason", required = true, description = "Why everything stops (audited, shown on runs).")
        String reason;

        @Option(
                names = "--idempotency-key",
                paramLabel = "KEY",
                description = "Posting again with the same key answers the halt it made (safe to retry).")
        String idempotencyKey;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "table",
                description = "table, json or yaml (default: ${DEFAULT-VALUE})")
        Output.Format format;

        Halt(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            if (reason.isBlank()) {
                throw new CliException(ExitCode.USAGE, "--reason must not be blank: say why everything stops");
            }
            ApiClient api = session.api(connection);
            String organization = null;
            String project = null;
            String environmentIdentifier = null;
            UUID infrastructureId = null;
            switch (scope) {
                case account -> {}
                case organization -> organization = needed(api.connection().organization(), "--org");
                case project -> {
                    organization = needed(api.connection().organization(), "--org");
                    project = needed(api.connection().project(), "--project");
                }
                case environment -> {
                    organization = needed(api.connection().organization(), "--org");
                    project = needed(api.connection().project(), "--project");
                    environmentIdentifier = needed(environment, "--environment");
                }
                case infrastructure -> infrastructureId = uuid(needed(infrastructure, "--infra"));
            }
            HaltRequest body = new HaltRequest(
                    scope.name(), organization, project, environmentIdentifier, infrastructureId, reason);
            JsonNode halt = api.send(
                            "POST",
                            "/api/v1/halts",
                            Map.of(),
                            ApiClient.JSON.writeValueAsString(body),
                            "application/json",
                            idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey))
                    .json();
            printOne(session, format, halt);
            return ExitCode.PASSED;
        }

        private static UUID uuid(String id) {
            try {
                return UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new CliException(
                        ExitCode.USAGE,
                        "--infra must be an infrastructure's id (a UUID, see chaosctl get infrastructures), not '" + id
                                + "' (nothing was halted)");
            }
        }

        private String needed(String value, String option) {
            if (value == null || value.isBlank()) {
                throw new CliException(
                        ExitCode.USAGE, "a halt of scope " + scope + " needs " + option + " (nothing was halted)");
            }
            return value;
        }
    }

    @Command(
            name = "halts",
            mixinStandardHelpOptions = true,
            description = "List the halts you can see, active ones first.",
            subcommands = Lift.class,
            footer = {"%nExamples:", "  chaosctl halts", "  chaosctl halts -o yaml"})
    static final class Halts implements Callable<Integer> {

        private final Session session;

        @Mixin
        ConnectionOptions connection;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "table",
                description = "table, json or yaml (default: ${DEFAULT-VALUE})")
        Output.Format format;

        Halts(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            Output.print(session.out(), format, session.api(connection).get("/api/v1/halts"), COLUMNS);
            return ExitCode.PASSED;
        }
    }

    @Command(
            name = "lift",
            mixinStandardHelpOptions = true,
            description = "Lift a halt (admin): runs may start in its scope again. A halt lifted already is refused.",
            footer = {"%nExample:", "  chaosctl halts lift \"$HALT_ID\""})
    static final class Lift implements Callable<Integer> {

        private final Session session;

        @Mixin
        ConnectionOptions connection;

        @Parameters(paramLabel = "ID", description = "The halt's id (see 'chaosctl halts').")
        String id;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "table",
                description = "table, json or yaml (default: ${DEFAULT-VALUE})")
        Output.Format format;

        Lift(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            JsonNode halt = session.api(connection)
                    .send("DELETE", "/api/v1/halts/" + ApiClient.segment(id), Map.of(), null, null)
                    .json();
            printOne(session, format, halt);
            return ExitCode.PASSED;
        }
    }
}

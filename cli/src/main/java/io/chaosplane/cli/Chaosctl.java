package io.chaosplane.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** chaosctl: ChaosPlane from the command line and from CI pipelines. */
@Command(
        name = "chaosctl",
        mixinStandardHelpOptions = true,
        versionProvider = Chaosctl.Version.class,
        description = "ChaosPlane from the command line: apply manifests, run experiments with a verdict, a score"
                + " threshold and a JUnit report, list and follow runs.",
        footer = {
            "%nExit codes:",
            "  0  passed",
            "  1  failed: a fault failed, or the score is below --min-score",
            "  2  usage or validation error",
            "  3  timed out (the run is aborted unless --keep-running)",
            "  4  stopped or aborted by someone else or by a halt, or refused by a policy",
            "  5  the server could not be reached or refused the API key",
            "%nExample:",
            "  CHAOSPLANE_SERVER=http://localhost:8080 CHAOSPLANE_API_KEY=cp_live_... \\",
            "    chaosctl run -f examples/demo.yaml --wait --min-score 80 --junit report.xml"
        },
        subcommands = {
            LoginCommand.class,
            ConfigCommand.class,
            ApplyCommand.class,
            RunCommand.class,
            GetCommand.class,
            DescribeCommand.class,
            LogsCommand.class,
            RunActionCommand.Abort.class,
            RunActionCommand.Pause.class,
            RunActionCommand.Resume.class,
            HaltCommands.Halt.class,
            HaltCommands.Halts.class,
            InfraCommand.class,
            CompletionCommand.class
        })
final class Chaosctl {

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Session session =
                new Session(env, System.in, out, err, Clock.systemUTC(), isTerminal(env), ConfigFile.locate(env));
        System.exit(run(session, args));
    }

    /** Runs one command line in the session given and answers its exit code. */
    static int run(Session session, String... args) {
        return commandLine(session).execute(args);
    }

    static CommandLine commandLine(Session session) {
        CommandLine commandLine = new CommandLine(Chaosctl.class, new SessionFactory(session));
        commandLine.setOut(session.out());
        commandLine.setErr(session.err());
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(
                session.terminal() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            PrintWriter err = line.getErr();
            int code = report(err, exception);
            err.flush();
            return code;
        });
        commandLine.setParameterExceptionHandler((exception, args) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            err.println("error: " + exception.getMessage());
            err.println("See '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCode.USAGE;
        });
        return commandLine;
    }

    private static int report(PrintWriter err, Exception exception) {
        if (exception instanceof CliException failure) {
            err.println("error: " + failure.getMessage());
            if (failure instanceof ApiClient.ApiError api) {
                for (ApiClient.FieldProblem problem : api.problems()) {
                    err.println("  " + problem.field() + ": " + problem.message());
                }
            }
            return failure.exitCode();
        }
        if (exception instanceof UncheckedIOException io) {
            err.println("error: " + io.getMessage() + ": " + io.getCause().getMessage());
            return ExitCode.USAGE;
        }
        err.println("error: " + exception);
        return ExitCode.FAILED;
    }

    /**
     * Whether standard output is an interactive terminal: never in CI ({@code CI} set, {@code TERM=dumb}); on Java 22+
     * {@code Console.isTerminal()} says it, on 21 a console exists only for a terminal.
     */
    static boolean isTerminal(Map<String, String> env) {
        if (env.containsKey("CI") || "dumb".equals(env.get("TERM")) || env.containsKey("NO_COLOR")) {
            return false;
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Gives every command that asks for one in its constructor the session. */
    private record SessionFactory(Session session) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Session.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(session));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Chaosctl.class.getPackage().getImplementationVersion();
            return new String[] {"chaosctl " + (version == null ? "development" : version)};
        }
    }
}

package io.chaosplane.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Show and choose the contexts of the config file.",
        subcommands = {ConfigCommand.UseContext.class, ConfigCommand.GetContexts.class},
        footer = {"%nExample:", "  chaosctl config use-context staging"})
final class ConfigCommand {

    @Command(
            name = "use-context",
            mixinStandardHelpOptions = true,
            description = "Make a context the current one.",
            footer = {"%nExample:", "  chaosctl config use-context staging"})
    static final class UseContext implements Callable<Integer> {

        private final Session session;

        @Parameters(paramLabel = "NAME", description = "The context's name.")
        String name;

        UseContext(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            ConfigFile file = session.configFile();
            file.write(file.read().using(name));
            session.out().println("Switched to context '" + name + "'.");
            return ExitCode.PASSED;
        }
    }

    @Command(
            name = "get-contexts",
            mixinStandardHelpOptions = true,
            description = "List the contexts; the current one is marked with *. Keys are never shown.",
            footer = {"%nExample:", "  chaosctl config get-contexts"})
    static final class GetContexts implements Callable<Integer> {

        private final Session session;

        GetContexts(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() {
            ConfigFile.Config config = session.configFile().read();
            var rows = ApiClient.JSON.createArrayNode();
            for (Map.Entry<String, ConfigFile.Context> context :
                    config.contexts().entrySet()) {
                rows.addObject()
                        .put("current", context.getKey().equals(config.currentContext()) ? "*" : "")
                        .put("name", context.getKey())
                        .put("server", context.getValue().server())
                        .put("organization", context.getValue().organization())
                        .put("project", context.getValue().project());
            }
            session.out()
                    .print(Output.table(
                            rows,
                            java.util.List.of(
                                    new Output.Column("CURRENT", "/current"),
                                    new Output.Column("NAME", "/name"),
                                    new Output.Column("SERVER", "/server"),
                                    new Output.Column("ORG", "/organization"),
                                    new Output.Column("PROJECT", "/project"))));
            session.out().flush();
            return ExitCode.PASSED;
        }
    }
}

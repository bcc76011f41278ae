package io.chaosplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HelpTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandsHelpHasAnExample() {
        Sessions cli = new Sessions(dir, Map.of());
        List<CommandLine> commands = new ArrayList<>();
        collect(Chaosctl.commandLine(cli.session), commands);
        assertThat(commands).hasSizeGreaterThan(15);
        for (CommandLine command : commands) {
            assertThat(command.getUsageMessage(CommandLine.Help.Ansi.OFF))
                    .as(command.getCommandSpec().qualifiedName())
                    .contains("Example")
                    .contains("chaosctl ");
        }
    }

    @Test
    void theCompletionScriptsNameTheCommands() {
        Sessions cli = new Sessions(dir, Map.of());
        assertThat(cli.run("completion", "bash")).isZero();
        assertThat(cli.out.toString())
                .contains("complete -F", "apply", "use-context", "--min-score", "halts", "lift", "--idempotency-key");
        Sessions zsh = new Sessions(dir, Map.of());
        assertThat(zsh.run("completion", "zsh")).isZero();
        assertThat(zsh.out.toString()).contains("bashcompinit");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream()
                .distinct()
                .filter(sub -> !sub.getCommandName().equals("help"))
                .forEach(sub -> collect(sub, into));
    }
}

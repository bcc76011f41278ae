package io.chaosplane.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print the shell completion script for bash or zsh, generated from chaosctl's commands.",
        footer = {
            "%nExamples:",
            "  source <(chaosctl completion bash)",
            "  chaosctl completion zsh > \"${fpath[1]}/_chaosctl\""
        })
final class CompletionCommand implements Callable<Integer> {

    enum Shell {
        bash,
        zsh
    }

    private final Session session;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    CompletionCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String script = AutoComplete.bash("chaosctl", Chaosctl.commandLine(session));
        if (shell == Shell.zsh) {
            // picocli's script completes in zsh through zsh's bash completion emulation
            session.out().println("autoload -U +X compinit && compinit");
            session.out().println("autoload -U +X bashcompinit && bashcompinit");
        }
        session.out().print(script);
        session.out().flush();
        return ExitCode.PASSED;
    }
}

package io.chaosplane.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import tools.jackson.databind.JsonNode;

/**
 * The live display on a terminal (JLine): the run's line and one line per fault, redrawn in place each time the run
 * is read, with phases coloured and the elapsed time ticking.
 */
final class TerminalProgress implements Progress {

    private final Terminal terminal;
    private final Display display;
    private final Clock clock;

    private TerminalProgress(Terminal terminal, Clock clock) {
        this.terminal = terminal;
        this.clock = clock;
        this.display = new Display(terminal, false);
        Size size = terminal.getSize();
        display.resize(Math.max(size.getRows(), 1), Math.max(size.getColumns(), 20));
    }

    /** A display on this process's terminal; the exec provider needs no native code and no JVM flags. */
    static TerminalProgress open(Clock clock) {
        try {
            Terminal terminal =
                    TerminalBuilder.builder().system(true).provider("exec").build();
            return new TerminalProgress(terminal, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void update(JsonNode run) {
        Instant now = clock.instant();
        List<AttributedString> lines = new ArrayList<>();
        String phase = ApiClient.text(run, "phase", "");
        lines.add(new AttributedStringBuilder()
                .append("run " + ApiClient.text(run, "runId", "") + "  ")
                .styled(style(phase), phase)
                .toAttributedString());
        for (JsonNode fault : RunVerdict.faults(run)) {
            String verdict = ApiClient.text(fault, "verdict", "");
            lines.add(new AttributedStringBuilder()
                    .append("  ")
                    .styled(style(verdict.isBlank() ? ApiClient.text(fault, "phase", "") : verdict), "●")
                    .append(" " + Progress.describe(fault) + "  " + Output.seconds(Progress.elapsedSeconds(fault, now)))
                    .toAttributedString());
        }
        display.update(lines, -1);
        terminal.flush();
    }

    private static AttributedStyle style(String state) {
        return switch (state) {
            case "Pass", "Completed", "Passed" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            case "Fail", "Failed", "Aborted", "N/A", "Error" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            case "Running" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
            default -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
        };
    }

    @Override
    public void note(String message) {
        terminal.writer().println();
        terminal.writer().println(message);
        terminal.flush();
        display.clear();
    }

    @Override
    public void close() {
        try {
            terminal.writer().println();
            terminal.flush();
            terminal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.chaosplane.logservice.stream;

import io.chaosplane.protocol.logs.LogLine;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.PayloadTooLargeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Checks a batch of lines before anything is stored: a malformed line is a 400 naming its field ({@code [3].pos}),
 * a batch or line above its limit a 413 naming the line. One bad line refuses the whole batch, so that an agent
 * never has to find out which of its lines were kept.
 */
@Component
class LineChecks {

    private static final int MAX_LEVEL_LENGTH = 32;
    private static final int MAX_ARGS = 256;
    private static final int MAX_REPORTED = 20;

    private final LimitsProperties limits;

    LineChecks(LimitsProperties limits) {
        this.limits = limits;
    }

    /** Checks lines that carry their own positions; answers their size for the writer's accounting. */
    long checkPositioned(List<LogLine> lines) {
        return check(lines, true);
    }

    /** Checks lines whose positions the service assigns. */
    long checkUnpositioned(List<LogLine> lines) {
        return check(lines, false);
    }

    private long check(List<LogLine> lines, boolean positioned) {
        if (lines.size() > limits.maxBatchLines()) {
            throw new PayloadTooLargeException(
                    "a batch may hold at most " + limits.maxBatchLines() + " lines, this one has " + lines.size());
        }
        long maxLineBytes = limits.maxLineBytes().toBytes();
        List<FieldProblem> problems = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < lines.size() && problems.size() < MAX_REPORTED; i++) {
            LogLine line = lines.get(i);
            String at = "[" + i + "]";
            if (line == null) {
                problems.add(new FieldProblem(at, "must be a log line object"));
                continue;
            }
            if (positioned && line.pos() < 0) {
                problems.add(new FieldProblem(at + ".pos", "must be 0 or more"));
            }
            if (line.out() == null) {
                problems.add(new FieldProblem(at + ".out", "is required"));
            }
            if (line.level() != null && line.level().length() > MAX_LEVEL_LENGTH) {
                problems.add(new FieldProblem(at + ".level", "must be at most " + MAX_LEVEL_LENGTH + " characters"));
            }
            if (line.args() != null && line.args().size() > MAX_ARGS) {
                problems.add(new FieldProblem(at + ".args", "must have at most " + MAX_ARGS + " entries"));
            }
            // A string of n chars has at most 3n bytes in UTF-8: only long ones need counting.
            String out = line.out();
            long outBytes = out == null ? 0 : out.length() * 3L <= maxLineBytes ? out.length() : utf8Length(out);
            if (outBytes > maxLineBytes) {
                throw new PayloadTooLargeException("line " + at + describePos(line, positioned) + ": out has more than "
                        + maxLineBytes + " bytes");
            }
            long argsBytes = argsLength(line.args(), maxLineBytes);
            if (argsBytes > maxLineBytes) {
                throw new PayloadTooLargeException("line " + at + describePos(line, positioned)
                        + ": args have more than " + maxLineBytes + " bytes");
            }
            bytes += outBytes + argsBytes + 64;
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return bytes;
    }

    private static String describePos(LogLine line, boolean positioned) {
        return positioned ? " (pos " + line.pos() + ")" : "";
    }

    private static long argsLength(Map<String, String> args, long limit) {
        if (args == null) {
            return 0;
        }
        long total = 0;
        // counted at 3 bytes a char, an upper bound: args are small, so the exact count is only worth it near the limit
        for (Map.Entry<String, String> entry : args.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            total += (key == null ? 0 : key.length() * 3L) + (value == null ? 0 : value.length() * 3L) + 6;
        }
        if (total <= limit) {
            return total;
        }
        long exact = 0;
        for (Map.Entry<String, String> entry : args.entrySet()) {
            exact += utf8Length(entry.getKey()) + utf8Length(entry.getValue()) + 6;
        }
        return exact;
    }

    static long utf8Length(String value) {
        if (value == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

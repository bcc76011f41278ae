package io.chaosplane.agent.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which probe commands this agent runs. Command probes run shell commands that the control plane sends, so they are
 * off unless the host's owner turns them on ({@code probes.command.enabled=true}) and, optionally, restricts them
 * ({@code probes.command.allow}, comma-separated):
 * <ul>
 *   <li>{@code re:<regex>} allows commands the regular expression matches as a whole;</li>
 *   <li>any other entry is a command prefix: it allows the command itself and the command followed by arguments,
 *       provided the arguments hold no shell control characters ({@code ; & | $ ` < > ( ) \} and newlines), so that
 *       {@code curl} cannot be stretched into {@code curl x; rm -rf /}.</li>
 * </ul>
 * Enabled with an empty allow list, every command runs.
 */
public record CommandProbePolicy(boolean enabled, List<String> allow) {

    private static final Pattern SHELL_CONTROL = Pattern.compile("[;&|$`<>()\\\\\\n\\r]");

    public CommandProbePolicy {
        allow = List.copyOf(allow);
        allow.stream().filter(entry -> entry.startsWith("re:")).forEach(entry -> Pattern.compile(entry.substring(3)));
    }

    public static CommandProbePolicy disabled() {
        return new CommandProbePolicy(false, List.of());
    }

    /** Why the command may not run, or empty when it may. */
    public Optional<String> refusal(String command) {
        if (!enabled) {
            return Optional.of("command probes are disabled on this agent (probes.command.enabled=false)");
        }
        if (allow.isEmpty() || allow.stream().anyMatch(entry -> allows(entry, command.strip()))) {
            return Optional.empty();
        }
        return Optional.of("command is not allowed by this agent's probes.command.allow");
    }

    private static boolean allows(String entry, String command) {
        if (entry.startsWith("re:")) {
            return Pattern.compile(entry.substring(3)).matcher(command).matches();
        }
        return (command.equals(entry) || command.startsWith(entry + " "))
                && !SHELL_CONTROL.matcher(command.substring(entry.length())).find();
    }
}

package io.chaosplane.agent.linux.time;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.process.ProcessRunner;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code linux-time-chaos}, per process: the processes of systemd services see the clock moved by Offset, through
 * libfaketime. A drop-in for each service ({@code <runtime dir>/<unit>.d/50-chaosplane-time-<id>.conf}, under
 * {@code /run} so that a reboot forgets it) preloads the library with the offset, and the service is restarted so
 * that its new processes take it; the rest of the host keeps the true time. Monotonic clocks are left alone, so
 * timeouts inside the service still work.
 *
 * <p>Revert renames each drop-in out of systemd's sight ({@code .conf.reverting}), reloads systemd, restarts the
 * service and only then deletes the renamed file: a crash anywhere in between leaves a file that the next revert, from
 * the journal, finishes with.
 */
public final class TimeChaosFault implements Fault<TimeChaosFault.State> {

    /** The services and the drop-in this fault writes for each. */
    public record State(List<String> services, String dropInName) {

        public State {
            services = List.copyOf(services);
        }
    }

    private static final Duration TIME_LIMIT = Duration.ofSeconds(90);
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{1,9})([smhd])");
    private static final String REVERTING = ".reverting";

    private final String systemctl;
    private final Path runtimeUnitDirectory;
    private final List<Path> libraryCandidates;

    /**
     * @param systemctl the {@code systemctl} to run
     * @param runtimeUnitDirectory where drop-ins go, {@code /run/systemd/system} on a host
     * @param libraryCandidates where libfaketime may be, first found wins
     */
    public TimeChaosFault(String systemctl, Path runtimeUnitDirectory, List<Path> libraryCandidates) {
        this.systemctl = systemctl;
        this.runtimeUnitDirectory = runtimeUnitDirectory;
        this.libraryCandidates = List.copyOf(libraryCandidates);
    }

    /** Debian's places for libfaketime (package libfaketime, which faketime depends on), per architecture. */
    public static List<Path> debianLibraryPaths() {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> arches = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu*")) {
            arches.forEach(arch -> candidates.add(arch.resolve("faketime/libfaketime.so.1")));
        } catch (IOException e) {
            // no multiarch directories: only the plain path below
        }
        candidates.add(Path.of("/usr/lib/faketime/libfaketime.so.1"));
        return candidates;
    }

    @Override
    public String name() {
        return "linux-time-chaos";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) {
        return new State(inputs.list("Services", String.class), "50-chaosplane-time-" + context.faultId() + ".conf");
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        Path library = libraryCandidates.stream()
                .filter(Files::isReadable)
                .findFirst()
                .orElseThrow(() ->
                        new IOException("libfaketime is not installed (Debian: apt-get install faketime); looked in "
                                + libraryCandidates));
        String faketime = faketimeOffset(inputs.string("Offset"));
        String dropIn = "# ChaosPlane linux-time-chaos " + context.faultId() + "; removed at revert\n[Service]\n"
                + "Environment=\"LD_PRELOAD=" + library + "\" \"FAKETIME=" + faketime + "\" "
                + "\"FAKETIME_DONT_FAKE_MONOTONIC=1\"\n";
        for (String service : planned.services()) {
            Path directory = Files.createDirectories(runtimeUnitDirectory.resolve(service + ".d"));
            Files.writeString(directory.resolve(planned.dropInName()), dropIn, StandardCharsets.UTF_8);
        }
        systemctl("daemon-reload");
        for (String service : planned.services()) {
            systemctl("restart", "--", service);
            context.log().info("[Chaos]: Restarted " + service + " with its clock at " + faketime + "s");
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        List<String> touched = new ArrayList<>();
        for (String service : state.services()) {
            Path dropIn = runtimeUnitDirectory.resolve(service + ".d").resolve(state.dropInName());
            Path reverting = dropIn.resolveSibling(state.dropInName() + REVERTING);
            if (Files.exists(dropIn)) {
                Files.move(dropIn, reverting);
            }
            if (Files.exists(reverting)) {
                touched.add(service);
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        systemctl("daemon-reload");
        for (String service : touched) {
            systemctl("restart", "--", service);
            Path directory = runtimeUnitDirectory.resolve(service + ".d");
            Files.deleteIfExists(directory.resolve(state.dropInName() + REVERTING));
            deleteIfEmpty(directory);
            context.log().info("[Chaos]: Restarted " + service + " with the true time");
        }
    }

    /** {@code -2h} to libfaketime's relative form in seconds, {@code -7200}. */
    static String faketimeOffset(String offset) {
        Matcher matcher = OFFSET.matcher(offset.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Offset must be like +90s, -2h or +1d (was '" + offset + "')");
        }
        long unit = switch (matcher.group(3)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 86400;
        };
        return matcher.group(1) + Long.parseLong(matcher.group(2)) * unit;
    }

    private static void deleteIfEmpty(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            if (entries.iterator().hasNext()) {
                return;
            }
        }
        Files.deleteIfExists(directory);
    }

    private void systemctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(systemctl));
        command.addAll(List.of(args));
        ProcessRunner.Result result = ProcessRunner.run(command, TIME_LIMIT);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed: "
                    + Optional.of(result)
                            .filter(ProcessRunner.Result::timedOut)
                            .map(r -> "no answer within " + TIME_LIMIT.toSeconds() + "s")
                            .orElseGet(() -> (result.stderr() + result.stdout()).strip()));
        }
    }
}

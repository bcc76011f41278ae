package io.chaosplane.agent.linux.time;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.process.ProcessRunner;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux-system-time-chaos}: the whole host's wall clock moved by Offset with {@code date -s}, NTP
 * synchronisation turned off first ({@code timedatectl set-ntp false}, DisableNtp) so that it does not move the clock
 * straight back. Monotonic clocks are untouched.
 *
 * <p>Whether NTP was on is read in {@link #plan} (a read, no change), so that even the planned state, journaled before
 * anything changes, knows whether revert must turn it on again. Moving the clock back is not idempotent by itself: a
 * marker file ({@code <marker directory>/<fault id>.moved}, holding the offset) is written just before the clock moves
 * and deleted once it is moved back, so a second revert, or one from the journal after the first finished, leaves the
 * clock alone. The marker lives under {@code /run}: after a reboot the clock comes from the RTC again and must not be
 * moved.
 */
public final class SystemTimeChaosFault implements Fault<SystemTimeChaosFault.State> {

    /**
     * @param offsetSeconds how far the clock is moved
     * @param ntpWasOn whether NTP synchronisation was on before the fault
     * @param disableNtp whether the fault turns NTP off (and revert on again, if it was on)
     * @param marker the file that says the clock is moved
     */
    public record State(long offsetSeconds, boolean ntpWasOn, boolean disableNtp, String marker) {}

    private static final Duration TIME_LIMIT = Duration.ofSeconds(30);

    private final String date;
    private final String timedatectl;
    private final Path markerDirectory;

    /**
     * @param date the {@code date} to read ({@code +%s}) and set ({@code -s @epoch}) the clock with
     * @param timedatectl the {@code timedatectl} that reads and switches NTP synchronisation
     * @param markerDirectory where the "clock is moved" markers go, under {@code /run} on a host
     */
    public SystemTimeChaosFault(String date, String timedatectl, Path markerDirectory) {
        this.date = date;
        this.timedatectl = timedatectl;
        this.markerDirectory = markerDirectory;
    }

    @Override
    public String name() {
        return "linux-system-time-chaos";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws Exception {
        long offset = Long.parseLong(TimeChaosFault.faketimeOffset(inputs.string("Offset")));
        boolean disableNtp = inputs.string("DisableNtp").equals("true");
        boolean ntpWasOn = disableNtp
                && run(timedatectl, "show", "-p", "NTP", "--value").strip().equals("yes");
        return new State(offset, ntpWasOn, disableNtp, context.faultId() + ".moved");
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        if (planned.ntpWasOn()) {
            run(timedatectl, "set-ntp", "false");
            context.log().info("[Chaos]: Turned NTP synchronisation off");
        }
        Path marker = Files.createDirectories(markerDirectory).resolve(planned.marker());
        Files.writeString(marker, Long.toString(planned.offsetSeconds()), StandardCharsets.UTF_8);
        long target = now() + planned.offsetSeconds();
        run(date, "-s", "@" + target);
        context.log().info("[Chaos]: Moved the host's clock by " + planned.offsetSeconds() + "s");
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        Path marker = markerDirectory.resolve(state.marker());
        if (Files.exists(marker)) {
            long offset = Long.parseLong(
                    Files.readString(marker, StandardCharsets.UTF_8).strip());
            run(date, "-s", "@" + (now() - offset));
            Files.delete(marker);
            context.log().info("[Chaos]: Moved the host's clock back by " + offset + "s");
        }
        if (state.disableNtp() && state.ntpWasOn()) {
            run(timedatectl, "set-ntp", "true");
            context.log().info("[Chaos]: Turned NTP synchronisation on again");
        }
    }

    private long now() throws IOException, InterruptedException {
        return Long.parseLong(run(date, "+%s").strip());
    }

    private static String run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program));
        command.addAll(List.of(args));
        ProcessRunner.Result result = ProcessRunner.run(command, TIME_LIMIT);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed: "
                    + (result.timedOut()
                            ? "no answer within " + TIME_LIMIT.toSeconds() + "s"
                            : (result.stderr() + result.stdout()).strip()));
        }
        return result.stdout();
    }
}

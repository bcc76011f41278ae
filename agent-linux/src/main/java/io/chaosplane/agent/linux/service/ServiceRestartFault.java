package io.chaosplane.agent.linux.service;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.agent.process.ProcessRunner;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux-service-restart}: takes systemd services down for the duration. A service that systemd restarts by
 * itself ({@code SelfHealingServices=true}, for units with {@code Restart=}) has its processes killed with
 * {@code SIGKILL} so that systemd's own recovery is what is tested; any other is stopped. In parallel all go down in
 * one {@code systemctl} call; in series one after the other, Interval apart. Revert starts every one of them that is
 * not active (a self-healing service that did not come back included) and leaves those that are alone. The services
 * must be active at plan time, and only those are journaled, so a revert never starts a service that was down before.
 */
public final class ServiceRestartFault implements Fault<ServiceRestartFault.State> {

    /** The services this fault takes down, all active when it was planned. */
    public record State(List<String> services) {

        public State {
            services = List.copyOf(services);
        }
    }

    private static final Duration TIME_LIMIT = Duration.ofSeconds(90);

    private final String systemctl;

    /** @param systemctl the {@code systemctl} to run: a name looked up on PATH, or a path */
    public ServiceRestartFault(String systemctl) {
        this.systemctl = systemctl;
    }

    @Override
    public String name() {
        return "linux-service-restart";
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public State plan(FaultInputs inputs, FaultContext context) throws Exception {
        List<String> services = inputs.list("Services", String.class);
        for (String service : services) {
            if (!isActive(service)) {
                throw new IOException("service " + service + " is not active; only running services are restarted");
            }
        }
        return new State(services);
    }

    @Override
    public State inject(FaultInputs inputs, State planned, FaultContext context) throws Exception {
        boolean selfHealing = inputs.string("SelfHealingServices").equals("true");
        List<String> verb = selfHealing ? List.of("kill", "--signal=SIGKILL") : List.of("stop");
        if (inputs.string("Sequence").equals("parallel")) {
            systemctl(verb, planned.services());
            context.log().info("[Chaos]: " + (selfHealing ? "Killed " : "Stopped ") + planned.services());
            return planned;
        }
        Duration interval = inputs.duration("Interval");
        for (int i = 0; i < planned.services().size(); i++) {
            if (i > 0) {
                Thread.sleep(interval);
            }
            String service = planned.services().get(i);
            systemctl(verb, List.of(service));
            context.log().info("[Chaos]: " + (selfHealing ? "Killed " : "Stopped ") + service);
        }
        return planned;
    }

    @Override
    public void revert(State state, FaultContext context) throws Exception {
        List<String> down = new ArrayList<>();
        for (String service : state.services()) {
            if (!isActive(service)) {
                down.add(service);
            }
        }
        if (down.isEmpty()) {
            return;
        }
        systemctl(List.of("start"), down);
        context.log().info("[Chaos]: Started " + down + " again");
    }

    private boolean isActive(String service) throws IOException, InterruptedException {
        ProcessRunner.Result result = ProcessRunner.run(List.of(systemctl, "is-active", "--", service), TIME_LIMIT);
        if (result.timedOut()) {
            throw new IOException(
                    systemctl + " is-active " + service + " gave no answer within " + TIME_LIMIT.toSeconds() + "s");
        }
        // 0 is active; 3 (inactive, failed) and 4 (no such unit) are answers too, anything else is systemctl failing
        if (result.exitCode() != 0 && result.exitCode() != 3 && result.exitCode() != 4) {
            throw new IOException(
                    systemctl + " is-active " + service + " failed: " + (result.stderr() + result.stdout()).strip());
        }
        return result.exitCode() == 0;
    }

    private void systemctl(List<String> verb, List<String> services) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(systemctl));
        command.addAll(verb);
        command.add("--");
        command.addAll(services);
        ProcessRunner.Result result = ProcessRunner.run(command, TIME_LIMIT);
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed: "
                    + (result.timedOut()
                            ? "no answer within " + TIME_LIMIT.toSeconds() + "s"
                            : (result.stderr() + result.stdout()).strip()));
        }
    }
}

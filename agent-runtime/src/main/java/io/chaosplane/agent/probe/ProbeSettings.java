package io.chaosplane.agent.probe;

import io.chaosplane.protocol.probe.RunProperties;
import io.chaosplane.protocol.units.GoDuration;
import java.time.Duration;
import java.util.Optional;

/** A probe's run properties with the defaults filled in. */
record ProbeSettings(
        Duration timeout,
        Duration interval,
        int attempts,
        Duration initialDelay,
        boolean stopOnFailure,
        boolean debug) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    static ProbeSettings of(RunProperties properties) {
        Optional<RunProperties> given = Optional.ofNullable(properties);
        return new ProbeSettings(
                given.map(RunProperties::probeTimeout).map(GoDuration::parse).orElse(DEFAULT_TIMEOUT),
                given.map(RunProperties::interval).map(GoDuration::parse).orElse(DEFAULT_INTERVAL),
                given.map(RunProperties::attempt).orElse(1),
                given.map(RunProperties::initialDelay).map(GoDuration::parse).orElse(Duration.ZERO),
                given.map(RunProperties::stopOnFailure).orElse(false),
                given.map(RunProperties::verbosity)
                        .filter("debug"::equalsIgnoreCase)
                        .isPresent());
    }
}

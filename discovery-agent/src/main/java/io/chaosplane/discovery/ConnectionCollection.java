package io.chaosplane.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosplane.discovery.net.ConnectionReport;
import io.chaosplane.discovery.net.ConnectionSampler;
import io.chaosplane.discovery.net.Outbound;
import io.chaosplane.discovery.upload.Uploader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The node and host modes' cycle: the TCP tables sampled through the collection window, then one report sent. A
 * sample that cannot be read is logged and the window goes on; the connections of the other samples still count.
 */
final class ConnectionCollection implements Collection {

    private static final System.Logger LOG = System.getLogger(ConnectionCollection.class.getName());

    private final ConnectionSampler sampler;
    private final Function<Map<Outbound, Integer>, ConnectionReport> report;
    private final Duration window;
    private final Duration interval;
    private final Uploader uploader;
    private final Uploader.Sleeper sleeper;
    private final ObjectMapper mapper;

    ConnectionCollection(
            ConnectionSampler sampler,
            Function<Map<Outbound, Integer>, ConnectionReport> report,
            Duration window,
            Duration interval,
            Uploader uploader,
            Uploader.Sleeper sleeper,
            ObjectMapper mapper) {
        this.sampler = sampler;
        this.report = report;
        this.window = window;
        this.interval = interval;
        this.uploader = uploader;
        this.sleeper = sleeper;
        this.mapper = mapper;
    }

    /** Samples in a window: one at its start, then one per interval until its end. */
    long samples() {
        return Math.max(1, window.toMillis() / interval.toMillis());
    }

    @Override
    public boolean run() throws InterruptedException {
        long samples = samples();
        for (long i = 0; i < samples; i++) {
            if (i > 0) {
                sleeper.sleep(interval);
            }
            try {
                sampler.sample();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read the TCP tables: {0}", e.getMessage());
            }
        }
        ConnectionReport connections = report.apply(sampler.drain());
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(connections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean delivered =
                uploader.send(json, "connections of " + connections.nodeName()) == Uploader.Outcome.DELIVERED;
        if (delivered) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "pushed {0} connections for node name {1}",
                    connections.connectionList().size(),
                    connections.nodeName());
        }
        return delivered;
    }
}

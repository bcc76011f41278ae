package io.chaosplane.controlplane.topology;

import io.chaosplane.topology.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The demo graph of {@code GET /demo}, read once from {@code topology/demo.yaml} in the jar. */
@Component
class DemoTopology {

    private final Topology topology;

    DemoTopology() {
        try (InputStream in = new ClassPathResource("topology/demo.yaml").getInputStream()) {
            this.topology = YAMLMapper.builder()
                    .build()
                    .readValue(in, TopologyDocument.class)
                    .toTopology();
        } catch (IOException e) {
            throw new UncheckedIOException("the demo topology cannot be read", e);
        }
    }

    Topology topology() {
        return topology;
    }
}

package io.chaosplane.controlplane.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The incident catalogue, read once from {@code hub/incidents.yaml} in the jar, newest first. */
@Component
class IncidentCatalogue {

    private record File(List<Incident> incidents) {}

    private final List<Incident> incidents;

    IncidentCatalogue() {
        try (InputStream in = new ClassPathResource("hub/incidents.yaml").getInputStream()) {
            this.incidents = YAMLMapper.builder().build().readValue(in, File.class).incidents().stream()
                    .sorted(Comparator.comparing(Incident::date).reversed().thenComparing(Incident::id))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the incident catalogue cannot be read", e);
        }
    }

    List<Incident> all() {
        return incidents;
    }

    Optional<Incident> find(String id) {
        return incidents.stream().filter(incident -> incident.id().equals(id)).findFirst();
    }

    Set<String> providers() {
        return incidents.stream().map(Incident::provider).collect(Collectors.toCollection(TreeSet::new));
    }
}

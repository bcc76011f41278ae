package io.chaosplane.controlplane.topology;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.controlplane.topology.TopologyDtos.ComponentChangeView;
import io.chaosplane.controlplane.topology.TopologyDtos.ComponentDiff;
import io.chaosplane.controlplane.topology.TopologyDtos.DiffView;
import io.chaosplane.controlplane.topology.TopologyDtos.EdgeChangeView;
import io.chaosplane.controlplane.topology.TopologyDtos.EdgeDiff;
import io.chaosplane.controlplane.topology.TopologyDtos.EdgeRef;
import io.chaosplane.controlplane.topology.TopologyDtos.FieldChangeView;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.topology.Dependency;
import io.chaosplane.topology.Topology;
import io.chaosplane.topology.TopologyDiff;
import io.chaosplane.topology.TopologyDiff.FieldChange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads the two uploaded topology documents and compares them (viewer; nothing is stored). */
@Service
class TopologyDiffs {

    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    TopologyDiffs(AccessGuard guard, ScopeDirectory scopes) {
        this.guard = guard;
        this.scopes = scopes;
    }

    DiffView diff(ProjectScope scope, MultipartFile beforeFile, MultipartFile afterFile) {
        guard.require(Permission.READ, scope, scope.toString());
        scopes.requireExists(scope);
        List<FieldProblem> problems = new ArrayList<>();
        Topology before = read("before_file", beforeFile, problems);
        Topology after = read("after_file", afterFile, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return view(TopologyDiff.of(before, after));
    }

    /** The file's topology, or null with its problems added, named from the form field. */
    private Topology read(String field, MultipartFile file, List<FieldProblem> problems) {
        if (file == null || file.isEmpty()) {
            problems.add(new FieldProblem(field, "is required: a topology file as POST /api/whatif/export writes it"));
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file.getBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(new FieldProblem(field, "is not UTF-8 text"));
            return null;
        } catch (IOException e) {
            problems.add(new FieldProblem(field, "could not be read"));
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            problems.add(new FieldProblem(field, "must not contain the NUL character (\\u0000)"));
            return null;
        }
        TopologyDocument document;
        try {
            // YAML is a superset of JSON: one reader takes both
            document = yaml.readValue(text, TopologyDocument.class);
        } catch (JacksonException e) {
            problems.add(new FieldProblem(field, "is not a topology document: " + e.getOriginalMessage()));
            return null;
        }
        if (document == null) {
            problems.add(new FieldProblem(field, "is empty"));
            return null;
        }
        try {
            return document.toTopology();
        } catch (InvalidInputException e) {
            problems.addAll(e.within(field).fieldProblems());
            return null;
        }
    }

    private static DiffView view(TopologyDiff diff) {
        return new DiffView(
                new ComponentDiff(
                        diff.componentsAdded(),
                        diff.componentsRemoved(),
                        diff.componentsChanged().stream()
                                .map(change -> new ComponentChangeView(change.id(), fields(change.changes())))
                                .toList()),
                new EdgeDiff(
                        diff.edgesAdded().stream().map(TopologyDiffs::edge).toList(),
                        diff.edgesRemoved().stream().map(TopologyDiffs::edge).toList(),
                        diff.edgesChanged().stream()
                                .map(change ->
                                        new EdgeChangeView(change.source(), change.target(), fields(change.changes())))
                                .toList()),
                diff.scoreBefore(),
                diff.scoreAfter(),
                diff.delta(),
                diff.mermaid());
    }

    private static EdgeRef edge(Dependency d) {
        return new EdgeRef(d.source(), d.target(), d.type().wireName(), d.weight());
    }

    private static List<FieldChangeView> fields(List<FieldChange> changes) {
        return changes.stream()
                .map(c -> new FieldChangeView(c.field(), c.before(), c.after()))
                .toList();
    }
}

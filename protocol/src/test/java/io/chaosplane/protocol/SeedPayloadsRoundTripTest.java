package io.chaosplane.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import io.chaosplane.protocol.linux.Halt;
import io.chaosplane.protocol.linux.LivenessRequest;
import io.chaosplane.protocol.linux.LivenessResponse;
import io.chaosplane.protocol.linux.ProbeVerdict;
import io.chaosplane.protocol.linux.SuccessResponse;
import io.chaosplane.protocol.linux.Task;
import io.chaosplane.protocol.linux.TaskList;
import io.chaosplane.protocol.linux.TaskLogsRequest;
import io.chaosplane.protocol.linux.TaskResultRequest;
import io.chaosplane.protocol.linux.TaskStatus;
import io.chaosplane.protocol.linux.TaskStatusRequest;
import io.chaosplane.protocol.linux.TaskStatusResponse;
import io.chaosplane.protocol.linux.Verdict;
import io.chaosplane.protocol.logs.LogLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** Seed 001's sample bodies, copied verbatim, survive fixture to record to JSON with every member intact. */
class SeedPayloadsRoundTripTest {

    private final JsonMapper json = ProtocolJson.mapper();

    static Stream<Arguments> seedBodies() {
        return Stream.of(
                Arguments.of("confirm-request.json", type(ConfirmRequest.class)),
                Arguments.of("confirm-response.json", type(ConfirmResponse.class)),
                Arguments.of("liveness-request.json", type(LivenessRequest.class)),
                Arguments.of("liveness-response.json", type(LivenessResponse.class)),
                Arguments.of("task-list.json", type(TaskList.class)),
                Arguments.of("task-status-request.json", type(TaskStatusRequest.class)),
                Arguments.of("task-status-response.json", type(TaskStatusResponse.class)),
                Arguments.of("task-logs-request.json", type(TaskLogsRequest.class)),
                Arguments.of("task-logs-response.json", type(SuccessResponse.class)),
                Arguments.of("task-result-request.json", type(TaskResultRequest.class)),
                Arguments.of(
                        "log-stream-lines.json",
                        ProtocolJson.mapper().getTypeFactory().constructType(new TypeReference<List<LogLine>>() {})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedBodies")
    void seedBodyRoundTripsWithoutLosingOrAddingMembers(String fixture, JavaType type) throws IOException {
        String original = fixture(fixture);

        Object record = json.readValue(original, type);
        String written = json.writeValueAsString(record);

        assertThat(json.readTree(written)).isEqualTo(json.readTree(original));
    }

    @Test
    void taskListReadsIntoTheTaskItDescribes() throws IOException {
        TaskList list = json.readValue(fixture("task-list.json"), TaskList.class);

        Task task = list.tasks().getFirst();
        assertThat(task.chaos().experiment()).isEqualTo("linux-cpu-stress");
        assertThat(task.chaos().inputs()).extracting("name").containsExactly("Load", "Workers", "Duration");
        assertThat(task.chaos()
                        .probeList()
                        .getFirst()
                        .cmdProbeInputs()
                        .comparator()
                        .value())
                .isEqualTo("[P000]");
        assertThat(task.chaos().probeList().getFirst().runProperties().probeTimeout())
                .isEqualTo("180s");
        assertThat(list.isActive()).isFalse();
        assertThat(list.abortedTaskNames()).isEmpty();
    }

    @Test
    void resultReadsItsEnumsFromTheSeedSpelling() throws IOException {
        TaskResultRequest request = json.readValue(fixture("task-result-request.json"), TaskResultRequest.class);

        assertThat(request.result().taskStatus()).isEqualTo(TaskStatus.ERROR);
        assertThat(request.result().verdict()).isEqualTo(Verdict.ERROR);
        assertThat(request.result().probeStatuses().getFirst().status().verdict())
                .isEqualTo(ProbeVerdict.NOT_APPLICABLE);
    }

    @Test
    void logLineTimesAreInstants() throws IOException {
        TaskLogsRequest request = json.readValue(fixture("task-logs-request.json"), TaskLogsRequest.class);

        assertThat(request.logs().getFirst().time()).isEqualTo(Instant.parse("2025-05-01T16:06:55Z"));
        assertThat(request.logs().get(1).args()).containsEntry("CPU", "\"1\"");
    }

    @Test
    void membersANewerPeerAddsAreIgnored() {
        TaskStatusResponse answer =
                json.readValue("{\"success\":true,\"abort\":true,\"retryAfterSeconds\":5}", TaskStatusResponse.class);

        assertThat(answer.abortRequested()).isTrue();
    }

    @Test
    void additionsOfDocsAgentProtocolTravelWithTheTask() {
        TaskList list = json.readValue("""
                {"taskList":[{"taskName":"t1","leaseSeconds":90,"logServiceURL":"http://logs/log-service",
                  "logToken":"secret"}],"isActive":true,"abortTaskNames":["t0"]}""", TaskList.class);

        assertThat(list.tasks().getFirst().leaseSeconds()).isEqualTo(90L);
        assertThat(list.tasks().getFirst().logServiceURL()).isEqualTo("http://logs/log-service");
        assertThat(list.tasks().getFirst().toString()).doesNotContain("secret");
        assertThat(list.abortedTaskNames()).containsExactly("t0");
    }

    @Test
    void haltsRideOnThePollAndLivenessAnswersAndAreLeftOutWhenThereAreNone() {
        String halt = "{\"haltID\":\"h1\",\"scope\":\"project\",\"reason\":\"incident 42\"}";
        TaskList list = json.readValue("{\"taskList\":[],\"isActive\":false,\"halts\":[" + halt + "]}", TaskList.class);
        LivenessResponse liveness =
                json.readValue("{\"message\":\"OK\",\"halts\":[" + halt + "]}", LivenessResponse.class);

        Halt expected = new Halt("h1", "project", "incident 42");
        assertThat(list.activeHalts()).containsExactly(expected);
        assertThat(liveness.activeHalts()).containsExactly(expected);
        assertThat(json.writeValueAsString(LivenessResponse.withHalts(List.of())))
                .isEqualTo("{\"message\":\"OK\"}");
        assertThat(json.writeValueAsString(TaskList.EMPTY.withHalts(List.of()))).doesNotContain("halts");
        assertThat(json.writeValueAsString(TaskList.EMPTY.withHalts(List.of(expected))))
                .contains(halt);
    }

    @Test
    void whatAgentsSendHoldsNoNulForTheServicesCannotStoreOne() {
        LogLine line = new LogLine("info", 3, "out\u0000put", null, java.util.Map.of("k\u0000", "v\u0000"));

        String sent = ProtocolJson.outgoing().writeValueAsString(line);

        assertThat(sent).doesNotContain("\\u0000").doesNotContain("\u0000");
        assertThat(json.readValue(sent, LogLine.class))
                .isEqualTo(new LogLine("info", 3, "out\uFFFDput", null, java.util.Map.of("k\uFFFD", "v\uFFFD")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedBodies")
    void seedBodiesAreSentAsTheyAre(String fixture, JavaType type) throws IOException {
        String original = fixture(fixture);

        String sent = ProtocolJson.outgoing().writeValueAsString(json.readValue(original, type));

        assertThat(json.readTree(sent)).isEqualTo(json.readTree(original));
    }

    private static JavaType type(Class<?> type) {
        return ProtocolJson.mapper().getTypeFactory().constructType(type);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = SeedPayloadsRoundTripTest.class.getResourceAsStream("/seed001/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.chaosplane.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.chaosplane.agent.config.CommandProbePolicy;
import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.protocol.linux.ProbeStatus;
import io.chaosplane.protocol.linux.ProbeVerdict;
import io.chaosplane.protocol.probe.CmdProbeInputs;
import io.chaosplane.protocol.probe.Comparator;
import io.chaosplane.protocol.probe.HttpCheck;
import io.chaosplane.protocol.probe.HttpMethod;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.probe.RunProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeSessionTest {

    private static final RunProperties ONCE = new RunProperties("10s", "100ms", 1, null, null, null);
    private static final ExecutionLog LOG = ExecutionLog.system("probe-test");

    /** Request times (System.nanoTime) per path; {@code /status/N} answers N, {@code /body} answers "ready". */
    private final Map<String, List<Long>> hits = new ConcurrentHashMap<>();

    private final HttpServer server;

    @TempDir
    Path dir;

    ProbeSessionTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200;
            byte[] body = (path.equals("/body") ? "ready" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Nested
    class HttpProbes {

        @Test
        void passesWhenTheResponseCodeMeetsTheCriteria() throws InterruptedException {
            ProbeSession session =
                    sessionOf(http("up", "SOT", "/status/204", HttpCheck.responseCode("oneOf", "200,204"), ONCE));

            session.beforeChaos();

            assertThat(status(session)).extracting(s -> s.status().verdict()).isEqualTo(ProbeVerdict.PASSED);
            assertThat(session.successPercentage()).isEqualTo(100);
        }

        @Test
        void failsWhenItDoesNotAndTellsWhy() throws InterruptedException {
            ProbeSession session =
                    sessionOf(http("up", "SOT", "/status/503", HttpCheck.responseCode("==", "200"), ONCE));

            session.beforeChaos();

            assertThat(status(session).status().verdict()).isEqualTo(ProbeVerdict.FAILED);
            assertThat(status(session).status().description()).isEqualTo("response code 503 does not meet == 200");
            assertThat(session.failure()).hasValueSatisfying(failure -> {
                assertThat(failure.phase()).isEqualTo("PreChaos");
                assertThat(failure.probeName()).isEqualTo("up");
            });
            assertThat(session.successPercentage()).isZero();
        }

        @Test
        void judgesTheBodyOfAPost() throws InterruptedException {
            HttpCheck post = new HttpCheck("contains", null, "read", "text/plain", "are you?");
            ProbeSession session = sessionOf(http("body", "EOT", "/body", null, ONCE, post));

            session.afterChaos();

            assertThat(status(session).status().verdict()).isEqualTo(ProbeVerdict.PASSED);
        }

        @Test
        void triesAsOftenAsAttemptSaysBeforeFailing() throws InterruptedException {
            ProbeSession session = sessionOf(http(
                    "flaky",
                    "SOT",
                    "/status/500",
                    HttpCheck.responseCode("==", "200"),
                    new RunProperties("1s", "50ms", 3, null, null, null)));

            session.beforeChaos();

            assertThat(hits.get("/status/500")).hasSize(3);
            assertThat(status(session).status().verdict()).isEqualTo(ProbeVerdict.FAILED);
        }

        @Test
        void anUnreachableUrlFails() throws InterruptedException {
            server.stop(0);
            ProbeSession session = sessionOf(http("down", "SOT", "/", HttpCheck.responseCode("==", "200"), ONCE));

            session.beforeChaos();

            assertThat(status(session).status().description()).contains("failed");
        }
    }

    @Nested
    class CmdProbes {

        private final CommandProbePolicy allowed = new CommandProbePolicy(true, List.of());

        @Test
        void passesWhenTheOutputMeetsTheComparator() throws InterruptedException {
            ProbeSession session = session(allowed, cmd("echo '[P000] healthy'", "string", "contains", "[P000]"));

            session.beforeChaos();

            assertThat(status(session).status().verdict()).isEqualTo(ProbeVerdict.PASSED);
            assertThat(status(session).status().description()).contains("meets contains [P000]");
        }

        @Test
        void comparesNumbers() throws InterruptedException {
            ProbeSession session = session(allowed, cmd("echo 42", "int", "between", "40,50"));

            session.beforeChaos();

            assertThat(status(session).status().verdict()).isEqualTo(ProbeVerdict.PASSED);
        }

        @Test
        void failsWhenTheOutputDoesNot() throws InterruptedException {
            ProbeSession session = session(allowed, cmd("echo 7", "int", ">=", "10"));

            session.beforeChaos();

            assertThat(status(session).status().description()).isEqualTo("output '7' does not meet >= 10");
        }

        @Test
        void failsWhenTheCommandCannotRunAsTheSeedShows() throws InterruptedException {
            ProbeSession session = session(allowed, cmd("./healthcheck", "string", "contains", "[P000]"));

            session.beforeChaos();

            assertThat(status(session).status().description())
                    .startsWith("unable to run command, exit status 127; ")
                    .contains("not found");
        }

        @Test
        void aCommandThatTakesTooLongIsKilledAndFails() throws InterruptedException {
            Probe slow = new Probe(
                    "slow",
                    "cmdProbe",
                    new CmdProbeInputs("sleep 30; echo late", new Comparator("string", "equal", "late"), null),
                    null,
                    new RunProperties("300ms", "100ms", 1, null, null, null),
                    "SOT");
            ProbeSession session = session(allowed, slow);

            long started = System.nanoTime();
            session.beforeChaos();

            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3000);
            assertThat(status(session).status().description()).isEqualTo("command did not finish within 300ms");
        }

        @Test
        void aCommandTheAgentsPolicyRefusesFailsWithoutRunning() throws InterruptedException {
            Path witness = dir.resolve("ran");
            ProbeSession session = session(
                    new CommandProbePolicy(true, List.of("systemctl is-active")),
                    cmd("touch " + witness + "; echo ok", "string", "equal", "ok"));

            session.beforeChaos();

            assertThat(status(session).status().verdict()).isEqualTo(ProbeVerdict.FAILED);
            assertThat(status(session).status().description())
                    .isEqualTo("not run: command is not allowed by this agent's probes.command.allow");
            assertThat(witness).doesNotExist();
        }

        @Test
        void commandProbesAreOffByDefault() throws InterruptedException {
            ProbeSession session = session(CommandProbePolicy.disabled(), cmd("echo ok", "string", "equal", "ok"));

            session.beforeChaos();

            assertThat(status(session).status().description()).contains("command probes are disabled");
        }
    }

    @Nested
    class Modes {

        @Test
        void eachModeEvaluatesInItsPhaseOfTheChaos() throws InterruptedException {
            RunProperties every100ms = new RunProperties("5s", "100ms", 1, null, null, null);
            HttpCheck ok = HttpCheck.responseCode("==", "200");
            ProbeSession session = sessionOf(
                    http("sot", "SOT", "/sot", ok, every100ms),
                    http("eot", "EOT", "/eot", ok, every100ms),
                    http("edge", "Edge", "/edge", ok, every100ms),
                    http("continuous", "Continuous", "/continuous", ok, every100ms),
                    http("onchaos", "OnChaos", "/onchaos", ok, every100ms));

            long start = System.nanoTime();
            session.beforeChaos();
            long injected = System.nanoTime();
            session.chaosInjected();
            Thread.sleep(1000);
            long ending = System.nanoTime();
            session.chaosEnding();
            Thread.sleep(300);
            long after = System.nanoTime();
            session.afterChaos();
            long end = System.nanoTime();

            assertThat(hits.get("/sot"))
                    .singleElement()
                    .satisfies(t -> assertThat(t).isBetween(start, injected));
            assertThat(hits.get("/eot"))
                    .singleElement()
                    .satisfies(t -> assertThat(t).isBetween(after, end));
            assertThat(hits.get("/edge"))
                    .hasSize(2)
                    .satisfiesExactly(
                            t -> assertThat(t).isBetween(start, injected),
                            t -> assertThat(t).isBetween(after, end));
            // about ten in the second of chaos; fewer on a machine busy with other work
            assertThat(hits.get("/onchaos"))
                    .hasSizeBetween(3, 11)
                    .allSatisfy(t -> assertThat(t).isBetween(injected, ending + 50_000_000L));
            assertThat(hits.get("/continuous"))
                    .hasSizeBetween(4, 16)
                    .allSatisfy(t -> assertThat(t).isBetween(start, after + 50_000_000L))
                    .anySatisfy(t -> assertThat(t).isBetween(ending, after));
            assertThat(session.statuses())
                    .allSatisfy(s -> assertThat(s.status().verdict()).isEqualTo(ProbeVerdict.PASSED));
            assertThat(session.successPercentage()).isEqualTo(100);
        }

        @Test
        void aContinuousProbeStopsAtItsFirstFailureAndAStopOnFailureProbeEndsTheChaos() throws InterruptedException {
            AtomicBoolean chaosStopped = new AtomicBoolean();
            ProbeSession session = new ProbeEngine(CommandProbePolicy.disabled())
                    .session(
                            List.of(
                                    http(
                                            "doomed",
                                            "OnChaos",
                                            "/status/500",
                                            HttpCheck.responseCode("==", "200"),
                                            new RunProperties("1s", "100ms", 1, null, true, null)),
                                    http("fine", "SOT", "/status/200", HttpCheck.responseCode("==", "200"), ONCE)),
                            LOG,
                            () -> chaosStopped.set(true));

            session.beforeChaos();
            session.chaosInjected();
            Thread.sleep(500);
            session.chaosEnding();
            session.afterChaos();

            assertThat(hits.get("/status/500")).hasSize(1);
            assertThat(chaosStopped).isTrue();
            assertThat(session.stopRequested()).isTrue();
            assertThat(session.successPercentage()).isEqualTo(50);
            assertThat(session.failure())
                    .hasValueSatisfying(f -> assertThat(f.phase()).isEqualTo("ChaosInjection"));
        }

        @Test
        void aProbeThatNeverRanIsNotApplicable() throws InterruptedException {
            ProbeSession session = sessionOf(http(
                    "late",
                    "OnChaos",
                    "/x",
                    HttpCheck.responseCode("==", "200"),
                    new RunProperties("1s", "100ms", 1, "5s", null, null)));

            session.beforeChaos();
            session.chaosInjected();
            session.chaosEnding();
            session.afterChaos();

            assertThat(status(session).status().verdict()).isEqualTo(ProbeVerdict.NOT_APPLICABLE);
            assertThat(status(session).status().description())
                    .isEqualTo("Either probe is not executed or not evaluated");
            assertThat(session.successPercentage()).isZero();
        }
    }

    private ProbeSession sessionOf(Probe... probes) {
        return session(CommandProbePolicy.disabled(), probes);
    }

    private static ProbeSession session(CommandProbePolicy policy, Probe... probes) {
        return new ProbeEngine(policy).session(List.of(probes), LOG, () -> {});
    }

    private Probe http(String name, String mode, String path, HttpCheck get, RunProperties run) {
        return http(name, mode, path, get, run, null);
    }

    private Probe http(String name, String mode, String path, HttpCheck get, RunProperties run, HttpCheck post) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
        return new Probe(
                name, "httpProbe", null, new HttpProbeInputs(url, new HttpMethod(get, post), 5000, null), run, mode);
    }

    private static Probe cmd(String command, String type, String criteria, String value) {
        return new Probe(
                "cmd",
                "cmdProbe",
                new CmdProbeInputs(command, new Comparator(type, criteria, value), null),
                null,
                ONCE,
                "SOT");
    }

    private static ProbeStatus status(ProbeSession session) {
        return session.statuses().getFirst();
    }
}

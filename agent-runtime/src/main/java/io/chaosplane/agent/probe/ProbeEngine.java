package io.chaosplane.agent.probe;

import io.chaosplane.agent.config.CommandProbePolicy;
import io.chaosplane.agent.logs.ExecutionLog;
import io.chaosplane.protocol.linux.CommandStopCondition;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.probe.ProbeMode;
import io.chaosplane.protocol.probe.ProbeType;
import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the probe sessions of tasks: cmdProbe (within this agent's command policy), httpProbe, and the probe types a
 * platform adds (the Kubernetes runner's k8sProbe).
 */
public final class ProbeEngine {

    /** Builds the check of a probe of a type the platform runs. */
    @FunctionalInterface
    public interface CheckFactory {

        ProbeCheck create(Probe probe);
    }

    private final CommandProbePolicy commandPolicy;
    private final Map<ProbeType, CheckFactory> platformChecks;
    private final HttpClient http;
    private volatile HttpClient insecureHttp;

    public ProbeEngine(CommandProbePolicy commandPolicy) {
        this(commandPolicy, Map.of());
    }

    public ProbeEngine(CommandProbePolicy commandPolicy, Map<ProbeType, CheckFactory> platformChecks) {
        this.commandPolicy = commandPolicy;
        this.platformChecks = Map.copyOf(platformChecks);
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * A session for a task's probes, which must have passed the catalogue's probe validation.
     *
     * @param stopChaos called when a probe with {@code stopOnFailure} fails
     */
    public ProbeSession session(List<Probe> probes, ExecutionLog log, Runnable stopChaos) {
        return new ProbeSession(probes.stream().map(this::track).toList(), log, stopChaos);
    }

    /**
     * Starts checking a task's command stop conditions (within this agent's command policy) while its fault is in
     * force; {@code stopChaos} is called on a breach.
     *
     * @throws IllegalArgumentException when a condition cannot be checked as given
     */
    public StopConditionWatch watch(List<CommandStopCondition> conditions, ExecutionLog log, Runnable stopChaos) {
        return StopConditionWatch.start(conditions, commandPolicy, log, stopChaos);
    }

    /** Why the task's command stop conditions cannot be checked; empty when they can. */
    public List<String> stopConditionProblems(List<CommandStopCondition> conditions) {
        return StopConditionWatch.problems(conditions);
    }

    private TrackedProbe track(Probe probe) {
        ProbeType type = ProbeType.parse(probe.type()).orElseThrow();
        ProbeMode mode = ProbeMode.parse(probe.mode()).orElseThrow();
        ProbeCheck check = platformChecks.containsKey(type)
                ? platformChecks.get(type).create(probe)
                : switch (type) {
                    case CMD -> new CmdProbeCheck(probe.cmdProbeInputs(), commandPolicy);
                    case HTTP ->
                        new HttpProbeCheck(
                                probe.httpProbeInputs(),
                                Boolean.TRUE.equals(probe.httpProbeInputs().insecureSkipVerify())
                                        ? insecureHttp()
                                        : http);
                    case K8S -> timeout -> CheckResult.fail("not run: k8sProbe needs a Kubernetes chaos runner");
                };
        return new TrackedProbe(probe, mode, type, ProbeSettings.of(probe.runProperties()), check);
    }

    /** A client that accepts any certificate, for probes that ask for {@code insecureSkipVerify}. */
    private HttpClient insecureHttp() {
        if (insecureHttp == null) {
            try {
                SSLContext trustingEverything = SSLContext.getInstance("TLS");
                trustingEverything.init(null, new TrustManager[] {new TrustingManager()}, null);
                insecureHttp = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .sslContext(trustingEverything)
                        .build();
            } catch (NoSuchAlgorithmException | KeyManagementException e) {
                throw new IllegalStateException("TLS is not available", e);
            }
        }
        return insecureHttp;
    }

    private static final class TrustingManager implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package io.chaosplane.agent.k8s.fault;

import io.chaosplane.protocol.ProtocolJson;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.type.TypeReference;

/**
 * The {@code pod-http-*} faults: a toxiproxy (LitmusChaos' build, with HTTP toxics, in the helper image) runs in the
 * target pod's network namespace, listens on PROXY_PORT and forwards to TARGET_SERVICE_PORT with the fault's toxic; an
 * iptables rule redirects the traffic that comes in on NETWORK_INTERFACE for TARGET_SERVICE_PORT to the proxy (the
 * proxy's own connection to the port is local, so it is not redirected). Undo removes the rule and stops the proxy.
 * The toxic's settings are the script's positional parameters, each one argument of {@code toxiproxy-cli}: a response
 * body or a header value is never read by a shell.
 */
final class HttpHelper implements HelperRecipe {

    /** The proxy's API inside the pod, on loopback only. */
    static final String API = "127.0.0.1:8474";

    static final String SCRIPT = FIND_PID + """
            in_pod() { nsenter -t "$pid" -n "$@"; }
            server=$(command -v toxiproxy-server || command -v toxiproxy || echo /litmus/toxiproxy)
            cli=$(command -v toxiproxy-cli || echo /litmus/toxiproxy-cli)
            rule() {
              in_pod iptables -w -t nat "$1" PREROUTING -i "$DEVICE" -p tcp --dport "$TARGET_PORT" \\
                -j REDIRECT --to-ports "$PROXY_PORT"
            }
            proxy=
            undo() {
              rule -D 2>/dev/null || true
              if [ -n "$proxy" ]; then kill "$proxy" 2>/dev/null || true; fi
            }
            trap 'undo; exit 0' TERM INT
            trap undo EXIT
            in_pod "$server" -host 127.0.0.1 -port 8474 >/dev/null 2>&1 & proxy=$!
            tries=0
            until in_pod "$cli" -h "http://$API" list >/dev/null 2>&1; do
              tries=$((tries + 1)); [ "$tries" -lt 50 ]; sleep 0.2
            done
            in_pod "$cli" -h "http://$API" create -l "0.0.0.0:$PROXY_PORT" -u "0.0.0.0:$TARGET_PORT" chaosplane
            in_pod "$cli" -h "http://$API" toxic add "$@" chaosplane
            rule -I
            """ + HOLD;

    /** The status codes the proxy answers with when STATUS_CODE is not given, as LitmusChaos chooses them. */
    static final List<String> STATUS_CODES = List.of(
            "200", "201", "202", "204", "300", "301", "302", "304", "307", "400", "401", "403", "404", "500", "501",
            "502", "503", "504");

    private final String fault;

    HttpHelper(String fault) {
        this.fault = fault;
    }

    @Override
    public String script() {
        return SCRIPT;
    }

    @Override
    public String name() {
        return "chaosplane-http-helper";
    }

    @Override
    public Map<String, String> environment(Target target, FaultInputs inputs, Duration duration) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RUNTIME", inputs.string("CONTAINER_RUNTIME"));
        environment.put("SOCKET_PATH", HelperPods.socketPath(inputs));
        environment.put("CONTAINER_ID", target.containerId());
        environment.put("DEVICE", inputs.string("NETWORK_INTERFACE"));
        environment.put("TARGET_PORT", Long.toString(inputs.integer("TARGET_SERVICE_PORT")));
        environment.put("PROXY_PORT", Long.toString(inputs.integer("PROXY_PORT")));
        environment.put("API", API);
        environment.put("DURATION_SECONDS", Long.toString(duration.toSeconds()));
        return environment;
    }

    /** {@code toxiproxy-cli toxic add}'s options for the fault, as LitmusChaos gives them, one value each. */
    @Override
    public List<String> arguments(FaultInputs inputs) throws Exception {
        if (inputs.integer("TARGET_SERVICE_PORT") == inputs.integer("PROXY_PORT")) {
            throw new HelperPods.HelperException("PROXY_PORT must differ from TARGET_SERVICE_PORT");
        }
        List<String> arguments = new ArrayList<>(List.of(
                "-n",
                "chaosplane",
                "--toxicity",
                BigDecimal.valueOf(inputs.percentage("TOXICITY") / 100)
                        .stripTrailingZeros()
                        .toPlainString()));
        switch (fault) {
            case "pod-http-latency" ->
                arguments.addAll(List.of("-t", "latency", "-a", "latency=" + inputs.integer("LATENCY")));
            case "pod-http-status-code" ->
                arguments.addAll(List.of(
                        "-t",
                        "status_code",
                        "-a",
                        "status_code=" + statusCode(inputs),
                        "-a",
                        "modify_response_body="
                                + (inputs.string("MODIFY_RESPONSE_BODY").equals("true") ? 1 : 0),
                        "-a",
                        "response_body="
                                + inputs.optionalString("RESPONSE_BODY").orElse(""),
                        "-a",
                        "content_type=" + inputs.string("CONTENT_TYPE"),
                        "-a",
                        "content_encoding=" + encoding(inputs)));
            case "pod-http-modify-header" ->
                arguments.addAll(List.of(
                        "-t",
                        "header",
                        inputs.string("HEADER_MODE").equals("request") ? "--upstream" : "--downstream",
                        "-a",
                        "headers=" + ProtocolJson.mapper().writeValueAsString(headers(inputs)),
                        "-a",
                        "mode=" + inputs.string("HEADER_MODE")));
            case "pod-http-modify-body" ->
                arguments.addAll(List.of(
                        "-t",
                        "modify_body",
                        "-a",
                        "body=" + inputs.string("RESPONSE_BODY"),
                        "-a",
                        "content_type=" + inputs.string("CONTENT_TYPE"),
                        "-a",
                        "content_encoding=" + encoding(inputs)));
            case "pod-http-reset-peer" ->
                arguments.addAll(List.of("-t", "reset_peer", "-a", "timeout=" + inputs.integer("RESET_TIMEOUT")));
            default -> throw new IllegalStateException("not an HTTP fault: " + fault);
        }
        return arguments;
    }

    /** One of STATUS_CODE's codes (any LitmusChaos accepts when not given), chosen at random as LitmusChaos does. */
    static String statusCode(FaultInputs inputs) throws HelperPods.HelperException {
        List<String> codes = inputs.list("STATUS_CODE", String.class);
        List<String> choice = codes.isEmpty() ? STATUS_CODES : codes;
        String code = choice.get(ThreadLocalRandom.current().nextInt(choice.size()));
        if (!STATUS_CODES.contains(code)) {
            throw new HelperPods.HelperException("STATUS_CODE " + code + " is not one of " + STATUS_CODES);
        }
        return code;
    }

    private static String encoding(FaultInputs inputs) {
        String encoding = inputs.string("CONTENT_ENCODING");
        return encoding.equals("none") ? "" : encoding;
    }

    static Map<String, String> headers(FaultInputs inputs) throws HelperPods.HelperException {
        Map<String, String> headers;
        try {
            headers = ProtocolJson.mapper()
                    .readValue(inputs.string("HEADERS_MAP"), new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (RuntimeException e) {
            throw new HelperPods.HelperException("HEADERS_MAP is not a JSON object of header names: " + e.getMessage());
        }
        if (headers == null || headers.isEmpty()) {
            throw new HelperPods.HelperException("HEADERS_MAP names no header");
        }
        return headers;
    }
}

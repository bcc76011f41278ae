package io.chaosplane.controlplane.stopcondition;

import io.chaosplane.protocol.catalog.FieldError;
import io.chaosplane.protocol.catalog.Platform;
import io.chaosplane.protocol.catalog.ProbeValidator;
import io.chaosplane.protocol.probe.CmdProbeInputs;
import io.chaosplane.protocol.probe.HttpProbeInputs;
import io.chaosplane.protocol.probe.Probe;
import io.chaosplane.protocol.units.GoDuration;
import io.chaosplane.service.web.FieldProblem;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks an experiment's stop conditions, every problem at its field ({@code spec.stopConditions[0].interval}). */
public final class StopConditionValidator {

    static final int MAX_CONDITIONS = 10;
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final int MAX_TOLERANCE = 100;
    static final int MAX_TIMEOUT_MILLIS = 20_000;
    static final int MAX_QUERY_LENGTH = 4_000;
    static final List<String> COMPARATORS = List.of(">", "<", "==", ">=", "<=", "!=");
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final String PROBE_PREFIX = "probes[0].httpProbe/inputs";
    private static final String CMD_PREFIX = "probes[0].cmdProbe/inputs";

    private final List<FieldProblem> problems = new ArrayList<>();

    private StopConditionValidator() {}

    /** The problems of the conditions listed at {@code path}; empty when they are valid or there are none. */
    public static List<FieldProblem> validate(String path, List<StopCondition> conditions) {
        StopConditionValidator validator = new StopConditionValidator();
        if (conditions == null) {
            return List.of();
        }
        if (conditions.size() > MAX_CONDITIONS) {
            validator.problem(path, "at most " + MAX_CONDITIONS + " stop conditions (were " + conditions.size() + ")");
            return validator.problems;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            String at = path + "[" + i + "]";
            StopCondition condition = conditions.get(i);
            if (condition == null) {
                validator.problem(at, "is empty");
                continue;
            }
            String name = condition.name();
            if (name == null || name.isBlank()) {
                validator.problem(at + ".name", "is required");
            } else if (name.length() > 63 || !NAME.matcher(name).matches()) {
                validator.problem(at + ".name", "must be lower-case letters, digits and '-', at most 63 characters");
            } else if (!names.add(name)) {
                validator.problem(at + ".name", "'" + name + "' is used by another stop condition");
            }
            validator.condition(at, condition);
        }
        return List.copyOf(validator.problems);
    }

    private void condition(String at, StopCondition condition) {
        interval(at + ".interval", condition.interval());
        Integer tolerance = condition.tolerance();
        if (tolerance != null && (tolerance < 0 || tolerance > MAX_TOLERANCE)) {
            problem(at + ".tolerance", "must be between 0 and " + MAX_TOLERANCE + " (was " + tolerance + ")");
        }
        if (condition.onError() != null && OnError.parse(condition.onError()).isEmpty()) {
            problem(at + ".onError", "'" + condition.onError() + "' is not one of [breach, ignore]");
        }
        ConditionType type = ConditionType.parse(condition.type()).orElse(null);
        if (type == null) {
            problem(at + ".type", "'" + condition.type() + "' is not one of [http, prometheus, command]");
            return;
        }
        if (type != ConditionType.HTTP && condition.http() != null) {
            problem(at + ".http", "is only for type http");
        }
        if (type != ConditionType.PROMETHEUS && condition.prometheus() != null) {
            problem(at + ".prometheus", "is only for type prometheus");
        }
        if (type != ConditionType.COMMAND && condition.command() != null) {
            problem(at + ".command", "is only for type command");
        }
        switch (type) {
            case HTTP -> http(at + ".http", condition.http());
            case PROMETHEUS -> prometheus(at + ".prometheus", condition.prometheus());
            case COMMAND -> command(at + ".command", condition.command());
        }
    }

    /** The cmdProbe's own checks, for a Linux agent's host (at this condition's fields). */
    private void command(String field, CmdProbeInputs inputs) {
        if (inputs == null) {
            problem(field, "is required for type command");
            return;
        }
        for (FieldError error : ProbeValidator.validate(
                List.of(new Probe("stop", "cmdProbe", inputs, null, null, "Continuous")), Platform.LINUX)) {
            String name =
                    error.field().startsWith(CMD_PREFIX) ? field + error.field().substring(CMD_PREFIX.length()) : field;
            problem(name, error.message());
        }
    }

    private void interval(String field, String interval) {
        if (interval == null) {
            return;
        }
        try {
            Duration duration = GoDuration.parse(interval);
            if (duration.compareTo(MIN_INTERVAL) < 0 || duration.compareTo(MAX_INTERVAL) > 0) {
                problem(field, "must be between 1s and 1h (was '" + interval + "')");
            }
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
        }
    }

    /** The httpProbe's own checks (at this condition's fields), and what a stop condition adds to them. */
    private void http(String field, HttpProbeInputs inputs) {
        if (inputs == null) {
            problem(field, "is required for type http");
            return;
        }
        for (FieldError error : ProbeValidator.validate(
                List.of(new Probe("stop", "httpProbe", null, inputs, null, "Continuous")), null)) {
            String name = error.field().startsWith(PROBE_PREFIX)
                    ? field + error.field().substring(PROBE_PREFIX.length())
                    : field;
            problem(name, error.message());
        }
        timeout(field + ".responseTimeout", inputs.responseTimeout());
        if (Boolean.TRUE.equals(inputs.insecureSkipVerify())) {
            problem(field + ".insecureSkipVerify", "is not supported for stop conditions: the certificate is checked");
        }
        notLinkLocal(field + ".url", inputs.url());
    }

    private void prometheus(String field, StopCondition.Prometheus prometheus) {
        if (prometheus == null) {
            problem(field, "is required for type prometheus");
            return;
        }
        String endpoint = prometheus.endpoint();
        if (endpoint == null || endpoint.isBlank()) {
            problem(field + ".endpoint", "is required: the Prometheus server's URL, as http://prometheus:9090");
        } else {
            try {
                URI uri = new URI(endpoint);
                if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        || uri.getHost() == null) {
                    problem(field + ".endpoint", "'" + endpoint + "' is not an absolute http or https URL");
                } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    problem(field + ".endpoint", "must be the server's base URL, without a query or fragment");
                } else {
                    notLinkLocal(field + ".endpoint", endpoint);
                }
            } catch (URISyntaxException e) {
                problem(field + ".endpoint", "'" + endpoint + "' is not a URL: " + e.getReason());
            }
        }
        String query = prometheus.query();
        if (query == null || query.isBlank()) {
            problem(field + ".query", "is required: a PromQL expression");
        } else if (query.length() > MAX_QUERY_LENGTH) {
            problem(field + ".query", "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (prometheus.comparator() == null || !COMPARATORS.contains(prometheus.comparator())) {
            problem(field + ".comparator", "'" + prometheus.comparator() + "' is not one of " + COMPARATORS);
        }
        if (prometheus.threshold() == null) {
            problem(field + ".threshold", "is required: the value whose crossing stops the run");
        }
        timeout(field + ".responseTimeout", prometheus.responseTimeout());
    }

    private void timeout(String field, Integer millis) {
        if (millis != null && (millis <= 0 || millis > MAX_TIMEOUT_MILLIS)) {
            problem(field, "must be between 1 and " + MAX_TIMEOUT_MILLIS + " milliseconds (was " + millis + ")");
        }
    }

    /**
     * Refuses a literal link-local address (169.254.0.0/16, fe80::/10): cloud metadata services answer there, and
     * the control plane must not be made to fetch credentials from them.
     */
    private void notLinkLocal(String field, String url) {
        try {
            String host = new URI(url).getHost();
            if (host == null || !(host.startsWith("[") || Character.isDigit(host.charAt(0)))) {
                return; // a name: nothing to resolve at validation time
            }
            InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            if (address.isLinkLocalAddress()) {
                problem(field, "must not name a link-local address (" + host + ")");
            }
        } catch (URISyntaxException | UnknownHostException | RuntimeException e) {
            // a malformed URL is reported by the URL check
        }
    }

    private void problem(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }
}

package io.chaosplane.bench;

import io.chaosplane.testsupport.PostgresTestDatabase;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server time of the web UI's heaviest pages (dashboard, experiment list, run detail) for a signed-in person, with
 * 10,000 runs and 100 infrastructures in the database, against {@code GET /healthz} of the same server in the same run,
 * requests interleaved so that all four see the same machine; and the compressed JS and CSS each page loads.
 */
final class UiPagesBench {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern ASSET =
            Pattern.compile("<(?:script[^>]+src|link[^>]+rel=\"stylesheet\"[^>]+href)=\"([^\"]+)\"");
    private static final String ACCOUNT = "bench";
    private static final String ORG = "default";
    private static final String PROJECT = "default_project";

    static void run(int runs, int infrastructures, int requests) throws Exception {
        try (BenchControlPlane controlPlane = BenchControlPlane.start()) {
            String runId = seed(runs, infrastructures);
            HttpClient browser = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            String base = controlPlane.baseUrl();
            signIn(browser, base);

            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("GET /healthz (baseline)", "/healthz");
            pages.put("dashboard /", "/");
            pages.put("experiment list /experiments", "/experiments");
            pages.put("run detail /runs/{id}", "/runs/" + runId);
            for (String path : pages.values()) {
                HttpResponse<byte[]> page = get(browser, base + path, false);
                if (page.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + page.statusCode());
                }
            }
            int warmup = Math.min(100, requests);
            long[][] nanos = new long[pages.size()][requests];
            String[] paths = pages.values().toArray(String[]::new);
            for (int i = -warmup; i < requests; i++) {
                for (int p = 0; p < paths.length; p++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = get(browser, base + paths[p], true);
                    long elapsed = System.nanoTime() - start;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(paths[p] + " answered " + response.statusCode());
                    }
                    if (i >= 0) {
                        nanos[p][i] = elapsed;
                    }
                }
            }
            System.out.printf(
                    "web UI pages, %d runs and %d infrastructures in the database, %d requests each,"
                            + " interleaved, one at a time, gzip accepted:%n",
                    runs, infrastructures, requests);
            double baseline = percentile(nanos[0], 0.95);
            int p = 0;
            for (var page : pages.entrySet()) {
                double p95 = percentile(nanos[p], 0.95);
                System.out.printf(
                        "  %-32s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  (p95 %5.1fx baseline)%n",
                        page.getKey(), percentile(nanos[p], 0.50), p95, percentile(nanos[p], 0.99), p95 / baseline);
                p++;
            }
            System.out.println("aim: p95 of each page < 150 ms");
            System.out.println("compressed payload per page (gzip, as served):");
            for (var page : pages.entrySet()) {
                if (page.getValue().equals("/healthz")) {
                    continue;
                }
                payload(browser, base, page.getKey(), page.getValue());
            }
            System.out.println("aim: JS + CSS < 200 kB per page");
        }
    }

    private static void payload(HttpClient browser, String base, String name, String path) throws Exception {
        HttpResponse<byte[]> page = get(browser, base + path, true);
        String html = new String(get(browser, base + path, false).body(), StandardCharsets.UTF_8);
        Set<String> assets = new LinkedHashSet<>();
        Matcher matcher = ASSET.matcher(html);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        long js = 0;
        long css = 0;
        for (String asset : assets) {
            HttpResponse<byte[]> response = get(browser, base + asset, true);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(asset + " answered " + response.statusCode());
            }
            if (asset.contains(".css")) {
                css += response.body().length;
            } else {
                js += response.body().length;
            }
        }
        System.out.printf(
                "  %-32s JS %5.1f kB + CSS %4.1f kB = %5.1f kB in %d files; the page itself %4.1f kB%n",
                name, js / 1024.0, css / 1024.0, (js + css) / 1024.0, assets.size(), page.body().length / 1024.0);
    }

    private static void signIn(HttpClient browser, String base) throws Exception {
        Matcher csrf =
                CSRF.matcher(new String(get(browser, base + "/login", false).body(), StandardCharsets.UTF_8));
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the log-in page");
        }
        String form = "username=" + URLEncoder.encode(BenchControlPlane.ADMIN, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(BenchControlPlane.PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        HttpResponse<Void> signedIn = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String location = signedIn.headers().firstValue("Location").orElse("");
        if (signedIn.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in failed: " + signedIn.statusCode() + " " + location);
        }
    }

    private static HttpResponse<byte[]> get(HttpClient browser, String url, boolean gzip)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html,*/*");
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return browser.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Puts the runs and infrastructures in place as the tables' owner, in a few statements: 50 experiments, each with
     * its share of the runs spread over the last 28 days (one fault each, most of them passing), and infrastructures,
     * most of them connected. Answers the id of the latest run.
     */
    private static String seed(int runs, int infrastructures) throws SQLException {
        long started = System.nanoTime();
        try (Connection db = PostgresTestDatabase.get().connect()) {
            execute(db, "SELECT set_config('app.account_id', ?, false)", ACCOUNT);
            execute(db, """
                    INSERT INTO infrastructures (id, account_id, org_identifier, project_identifier, identifier, name, type,
                                                 install_token_hash, install_token_used_at, status, hostname, agent_version,
                                                 last_heartbeat_at, status_changed_at, created_by)
                    SELECT gen_random_uuid(), ?, ?, ?, 'host_' || i, 'host-' || i, 'Linux', sha256(i::text::bytea), now(),
                           CASE WHEN i % 10 < 7 THEN 'CONNECTED' ELSE 'DISCONNECTED' END, 'host-' || i || '.example',
                           '1.0.0', now() - (i % 10) * interval '1 minute', now(), 'bench'
                      FROM generate_series(1, ?) AS i""", ACCOUNT, ORG, PROJECT, infrastructures);
            execute(db, """
                    INSERT INTO experiments (id, account_id, org_identifier, project_identifier, namespace, name,
                                             infrastructure_id, manifest, created_by, created_at)
                    SELECT gen_random_uuid(), ?, ?, ?, 'default', 'experiment-' || e,
                           (SELECT id FROM infrastructures WHERE identifier = 'host_1' AND account_id = ?),
                           jsonb_build_object('apiVersion', 'chaos.chaosplane.io/v1alpha1', 'kind', 'ChaosExperiment',
                               'metadata', jsonb_build_object('name', 'experiment-' || e, 'namespace', 'default'),
                               'spec', jsonb_build_object('target', jsonb_build_object('kind', 'Linux', 'infrastructure', 'host_1'),
                                   'action', jsonb_build_object('type', 'linux-cpu-stress'), 'duration', '30s')),
                           'bench', now() - interval '30 days' + e * interval '1 minute'
                      FROM generate_series(1, 50) AS e""", ACCOUNT, ORG, PROJECT, ACCOUNT);
            execute(db, """
                    INSERT INTO experiment_runs (id, account_id, experiment_id, org_identifier, project_identifier,
                                                 run_sequence, phase, resiliency_score, faults_total, faults_passed,
                                                 faults_failed, created_by, created_at, started_at, finished_at)
                    SELECT gen_random_uuid(), ?, e.id, ?, ?, r.seq,
                           CASE WHEN r.i % 20 = 0 THEN 'Failed' ELSE 'Completed' END,
                           CASE WHEN r.i % 5 = 0 THEN 0 ELSE 100 END, 1,
                           CASE WHEN r.i % 5 = 0 THEN 0 ELSE 1 END, CASE WHEN r.i % 5 = 0 THEN 1 ELSE 0 END, 'bench',
                           now() - r.i * (interval '28 days' / ?), now() - r.i * (interval '28 days' / ?),
                           now() - r.i * (interval '28 days' / ?) + interval '30 seconds'
                      FROM (SELECT i, i % 50 + 1 AS experiment, (? - i) / 50 + 1 AS seq FROM generate_series(0, ? - 1) AS i) r
                      JOIN experiments e ON e.account_id = ? AND e.name = 'experiment-' || r.experiment""", ACCOUNT, ORG, PROJECT, runs, runs, runs, runs, runs, ACCOUNT);
            execute(db, """
                    INSERT INTO run_faults (id, account_id, run_id, infrastructure_id, step_index, position, name, fault_type,
                                            weight, chaos, duration_seconds, task_name, stream_id, phase, verdict,
                                            probe_success_percentage, started_at, finished_at)
                    SELECT gen_random_uuid(), r.account_id, r.id, e.infrastructure_id, 0, 0, e.name, 'linux-cpu-stress', 10,
                           '{"experiment":"linux-cpu-stress","experimentInputs":[{"name":"Duration","value":"30s"}]}',
                           30, 'task-' || r.id, r.id || '-task-' || r.id, 'Completed',
                           CASE WHEN r.faults_passed = 1 THEN 'Pass' ELSE 'Fail' END, r.resiliency_score, r.started_at,
                           r.finished_at
                      FROM experiment_runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.account_id = ?""", ACCOUNT);
            execute(db, "ANALYZE infrastructures, experiments, experiment_runs, run_faults");
            try (PreparedStatement latest = db.prepareStatement(
                    "SELECT id FROM experiment_runs WHERE account_id = ? ORDER BY created_at DESC LIMIT 1")) {
                latest.setString(1, ACCOUNT);
                try (var row = latest.executeQuery()) {
                    row.next();
                    System.out.printf(
                            "seeded %d runs and %d infrastructures in %.1f s%n",
                            runs, infrastructures, (System.nanoTime() - started) / 1e9);
                    return row.getString(1);
                }
            }
        }
    }

    private static void execute(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    private static double percentile(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }
}

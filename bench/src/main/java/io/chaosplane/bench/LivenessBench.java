package io.chaosplane.bench;

import io.chaosplane.testsupport.PostgresTestDatabase;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Liveness calls per second one control plane answers from a fleet of simulated agents, against the requests per
 * second of an endpoint of the same application that does nothing ({@code GET /healthz}), with the same clients, in
 * the same run.
 */
final class LivenessBench {

    static void run(int agents, int clients, int seconds) throws Exception {
        try (BenchControlPlane controlPlane = BenchControlPlane.start()) {
            List<String[]> fleet = installFleet(agents);
            int port = controlPlane.port();
            List<byte[]> heartbeats = fleet.stream()
                    .map(agent -> RawHttpClient.request("POST", "/chaos/lserver/api/infra/liveness", "{}", agent))
                    .toList();
            List<byte[]> noops = List.of(RawHttpClient.request("GET", "/healthz", null));
            measure(port, clients, 3, heartbeats); // warm-up
            measure(port, clients, 3, noops);
            double liveness = measure(port, clients, seconds, heartbeats);
            double noop = measure(port, clients, seconds, noops);
            System.out.printf(
                    "liveness: %,.0f requests/s from %,d agents over %d clients%n", liveness, agents, clients);
            System.out.printf("baseline GET /healthz: %,.0f requests/s%n", noop);
            System.out.printf("ratio liveness / baseline: %.0f%% (aim: at least 50%%)%n", 100 * liveness / noop);
        }
    }

    /** Agents made straight in the database: making ten thousand through the API would measure the API instead. */
    private static List<String[]> installFleet(int agents) throws Exception {
        List<String[]> fleet = new ArrayList<>(agents);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (Connection connection = PostgresTestDatabase.get().connect();
                PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO infrastructures (id, account_id, org_identifier, project_identifier, identifier, name,
                                                  type, install_token_hash, install_token_used_at, access_key_hash,
                                                  created_by)
                     VALUES (?, 'bench', 'default', 'default_project', ?, ?, 'Linux', '\\x00', now(), ?, 'bench')""")) {
            for (int i = 0; i < agents; i++) {
                UUID id = UUID.randomUUID();
                String key = "bench-key-" + i + "-" + id;
                insert.setObject(1, id);
                insert.setString(2, "agent_" + i);
                insert.setString(3, "agent-" + i);
                insert.setBytes(4, sha256.digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                insert.addBatch();
                fleet.add(new String[] {"X-Infra-ID", id.toString(), "X-Access-Key", key});
            }
            insert.executeBatch();
        }
        return fleet;
    }

    /** Requests per second of {@code clients} connections sending the requests round-robin for some seconds. */
    private static double measure(int port, int clients, int seconds, List<byte[]> requests) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(threads.submit(() -> {
                    try (RawHttpClient client = new RawHttpClient(port)) {
                        while (System.nanoTime() < end) {
                            int status = client.send(requests.get((int) (next.getAndIncrement() % requests.size())));
                            if (status != 200) {
                                throw new IllegalStateException("answered " + status);
                            }
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        }
        return done.get() / (double) seconds;
    }
}

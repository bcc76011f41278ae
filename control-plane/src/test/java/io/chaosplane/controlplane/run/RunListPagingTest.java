package io.chaosplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.common.Cursor;
import io.chaosplane.controlplane.common.ListQuery;
import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys;
import io.chaosplane.controlplane.support.ListSeeds;
import io.chaosplane.controlplane.support.QueryPlans;
import io.chaosplane.service.web.Paging;
import io.chaosplane.testsupport.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** An experiment's runs in keyset pages: every run once and in order while runs start, and each page an index scan. */
@IntegrationTest
class RunListPagingTest {

    private static final String RUNS = "/api/v1/experiments/ci/paged/runs";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    DataSource dataSource;

    @Test
    void everyRunListQueryReadsRunsThroughAnIndex() {
        List<String> accounts = IntStream.range(0, 11)
                .mapToObj(i -> fixtures.newTenant().accountId())
                .toList();
        ListSeeds.experiments(fixtures, accounts, 200);
        // seeded-1 .. seeded-11 are one experiment of each account: 3,000 runs each
        for (int i = 1; i <= accounts.size(); i++) {
            ListSeeds.runs(fixtures, accounts, "seeded-" + i, 3_000);
        }
        QueryPlans.vacuumAnalyze(fixtures, "experiments", "experiment_runs");
        String account = accounts.getFirst();
        UUID experiment = experimentId(account, "seeded-11");
        Cursor after = Cursor.decode(RunReader.CURSOR, 1, Cursor.encode(RunReader.CURSOR, 1_500), new Paging(0, 50));
        List<ListQuery> queries = List.of(
                RunReader.summariesQuery(account, experiment, new Paging(0, 50), null),
                RunReader.summariesQuery(account, experiment, new Paging(0, 50), after),
                RunReader.summariesQuery(account, experiment, new Paging(2_000, 50), null),
                RunReader.countQuery(account, experiment));
        for (ListQuery query : queries) {
            QueryPlans.assertIndexed(dataSource, account, query);
        }
        assertThat(QueryPlans.plan(dataSource, account, queries.get(1)))
                .anyMatch(node -> "experiment_runs_experiment_idx".equals(node.index()));
    }

    @Test
    void cursorPagesCoverEveryRunOnceInOrderWhileRunsStart() throws Exception {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api server = new Api(port);
        Api admin = server.withKey(tenant.adminKey());
        createExperiment(admin);
        ListSeeds.runs(fixtures, List.of(tenant.accountId()), "paged", 40);

        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (walking.get()) {
                ListSeeds.runs(fixtures, List.of(tenant.accountId()), "paged", 1);
                started.incrementAndGet();
            }
        });
        List<Integer> walked = new ArrayList<>();
        try {
            Api viewer = server.withKey(Keys.issue(admin, "viewer"));
            String cursor = null;
            do {
                JsonNode page = viewer.get(RUNS + "?limit=6" + (cursor == null ? "" : "&cursor=" + encode(cursor)))
                        .json();
                page.get("items")
                        .forEach(run -> walked.add(run.get("runSequence").asInt()));
                cursor = page.has("cursor") ? page.get("cursor").asString() : null;
            } while (cursor != null);
        } finally {
            walking.set(false);
            writer.get();
        }
        assertThat(started.get()).isPositive();
        List<Integer> expected =
                IntStream.iterate(40, n -> n >= 1, n -> n - 1).boxed().toList();
        assertThat(walked.stream().filter(n -> n <= 40).toList()).isEqualTo(expected);
        assertThat(walked).doesNotHaveDuplicates();
    }

    @Test
    void badAndForeignCursorsAreRefusedOrShowOnlyTheCallersRuns() {
        Api server = new Api(port);
        Fixtures.Tenant theirs = fixtures.newTenant();
        Api theirAdmin = server.withKey(theirs.adminKey());
        createExperiment(theirAdmin);
        ListSeeds.runs(fixtures, List.of(theirs.accountId()), "paged", 5);
        String theirCursor =
                theirAdmin.get(RUNS + "?limit=2").json().get("cursor").asString();

        Fixtures.Tenant mine = fixtures.newTenant();
        Api myAdmin = server.withKey(mine.adminKey());
        createExperiment(myAdmin);
        ListSeeds.runs(fixtures, List.of(mine.accountId()), "paged", 3);
        Api viewer = server.withKey(Keys.issue(myAdmin, "viewer"));
        // their cursor is after their run 4: the page is my runs 3, 2 and 1, none of theirs
        JsonNode page = viewer.get(RUNS + "?cursor=" + encode(theirCursor)).json();
        UUID myExperiment = experimentId(mine.accountId(), "paged");
        assertThat(page.get("items"))
                .hasSize(3)
                .allMatch(run -> run.get("experimentId").asString().equals(myExperiment.toString()));

        String experimentsCursor =
                myAdmin.get("/api/v1/experiments?limit=1").json().get("cursor").asString();
        for (String bad : List.of("%%%", experimentsCursor, Cursor.encode("runs", "three"), Cursor.encode("runs"))) {
            Api.Response response = viewer.get(RUNS + "?cursor=" + encode(bad));
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("cursor");
        }
    }

    private void createExperiment(Api admin) {
        FakeAgent agent = FakeAgent.install(new Api(port), admin, "pagedruns");
        Api.Response created =
                admin.send("PUT", "/api/v1/experiments/ci/paged", """
                apiVersion: chaos.chaosplane.io/v1alpha1
                kind: ChaosExperiment
                metadata: {name: paged, namespace: ci}
                spec:
                  target: {infrastructure: %s}
                  action: {type: linux-cpu-stress}
                  duration: 30s
                """.formatted(agent.infraId()), "application/yaml");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private UUID experimentId(String account, String name) {
        List<UUID> ids = new ArrayList<>();
        fixtures.asOwner(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT id FROM experiments WHERE account_id = ? AND name = ?")) {
                select.setString(1, account);
                select.setString(2, name);
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
            }
        });
        return ids.getFirst();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

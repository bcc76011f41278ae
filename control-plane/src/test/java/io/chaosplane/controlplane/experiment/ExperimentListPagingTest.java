package io.chaosplane.controlplane.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.access.ProjectScope;
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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The experiment list's keyset pages: every row once and in order while rows arrive, and each page an index scan. */
@IntegrationTest
class ExperimentListPagingTest {

    private static final String LIST = "/api/v1/experiments";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    DataSource dataSource;

    @Test
    void everyListQueryReadsExperimentsThroughAnIndex() {
        List<String> accounts = IntStream.range(0, 11)
                .mapToObj(i -> fixtures.newTenant().accountId())
                .toList();
        ListSeeds.experiments(fixtures, accounts, 2_000);
        ListSeeds.runs(fixtures, accounts, "seeded-11", 500);
        QueryPlans.vacuumAnalyze(fixtures, "experiments", "experiment_runs");
        String account = accounts.getFirst();
        ProjectScope project = new ProjectScope(account, "default", "default_project");
        Cursor after = ExperimentStore.cursor(
                Cursor.encode("experiments", java.time.Instant.now().minusSeconds(600), java.util.UUID.randomUUID()),
                new Paging(0, 50));
        List<ListQuery> queries = List.of(
                ExperimentStore.listQuery(project, null, null, new Paging(0, 50), null),
                ExperimentStore.listQuery(project, null, null, new Paging(0, 50), after),
                ExperimentStore.listQuery(project, null, null, new Paging(1_000, 50), null),
                ExperimentStore.listQuery(project, "ns-3", null, new Paging(0, 50), after),
                ExperimentStore.listQuery(project, null, "Completed", new Paging(0, 50), after),
                ExperimentStore.countQuery(project, null, null),
                ExperimentStore.countQuery(project, "ns-3", "Pending"));
        for (ListQuery query : queries) {
            QueryPlans.assertIndexed(dataSource, account, query);
        }
        // the keyset page starts at the cursor's row inside the index, rather than filtering rows read before it
        assertThat(QueryPlans.plan(dataSource, account, queries.get(1)))
                .anyMatch(node -> "experiments_project_recent_idx".equals(node.index()));
    }

    @Test
    void cursorPagesCoverEveryExperimentOnceInOrderWhileOthersAreCreated() throws Exception {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api server = new Api(port);
        Api admin = server.withKey(tenant.adminKey());
        List<String> expected = seedListable(tenant, admin, 60);

        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (walking.get()) {
                copyTemplate(tenant.accountId(), 1, "late-" + inserted.incrementAndGet() + "-", "clock_timestamp()");
            }
        });
        List<String> walked = new ArrayList<>();
        try {
            Api viewer = server.withKey(Keys.issue(admin, "viewer"));
            String cursor = null;
            do {
                JsonNode page = viewer.get(LIST + "?limit=7" + (cursor == null ? "" : "&cursor=" + encode(cursor)))
                        .json();
                page.get("items").forEach(item -> walked.add(item.get("name").asString()));
                cursor = page.has("cursor") ? page.get("cursor").asString() : null;
            } while (cursor != null);
        } finally {
            walking.set(false);
            writer.get();
        }
        assertThat(inserted.get()).isPositive();
        List<String> seen =
                walked.stream().filter(name -> !name.startsWith("late-")).toList();
        assertThat(seen)
                .as("the rows that were there before the walk, in order, once")
                .isEqualTo(expected);
        assertThat(walked).doesNotHaveDuplicates();
    }

    @Test
    void aCursorPageFollowsTheOffsetPageAndTheLastPageHasNone() {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api admin = new Api(port).withKey(tenant.adminKey());
        List<String> expected = seedListable(tenant, admin, 12);
        JsonNode first = admin.get(LIST + "?limit=5").json();
        JsonNode second = admin.get(
                        LIST + "?limit=5&cursor=" + encode(first.get("cursor").asString()))
                .json();
        assertThat(names(second)).isEqualTo(expected.subList(5, 10));
        assertThat(names(admin.get(LIST + "?limit=5&offset=5").json())).isEqualTo(expected.subList(5, 10));
        assertThat(second.get("total").asInt()).isEqualTo(12);
        JsonNode last = admin.get(
                        LIST + "?limit=5&cursor=" + encode(second.get("cursor").asString()))
                .json();
        assertThat(names(last)).isEqualTo(expected.subList(10, 12));
        assertThat(last.has("cursor")).isFalse();
    }

    @Test
    void anAlteredCursorIsRefusedAtItsField() {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api admin = new Api(port).withKey(tenant.adminKey());
        seedListable(tenant, admin, 3);
        String good = admin.get(LIST + "?limit=1").json().get("cursor").asString();
        String text = new String(Base64.getUrlDecoder().decode(good), StandardCharsets.UTF_8);
        List<String> bad = List.of(
                "not a cursor!",
                good.substring(0, good.length() - 3),
                urlBase64(text.replace("experiments|", "events|")),
                urlBase64(text + "|1"),
                urlBase64(text.replaceFirst("\\|[^|]*\\|", "|yesterday|")),
                urlBase64(text.substring(0, text.lastIndexOf('|') + 1) + "1-2-3-4-5"),
                "x".repeat(600));
        for (String cursor : bad) {
            Api.Response response = admin.get(LIST + "?cursor=" + encode(cursor));
            assertThat(response.status()).as(cursor).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("cursor");
        }
        Api.Response withOffset = admin.get(LIST + "?offset=1&cursor=" + encode(good));
        assertThat(withOffset.status()).isEqualTo(400);
        assertThat(withOffset.json().get("errors").get(0).get("field").asString())
                .isEqualTo("cursor");
    }

    @Test
    void anotherTenantsCursorShowsOnlyTheCallersOwnExperiments() {
        Fixtures.Tenant theirs = fixtures.newTenant();
        Api server = new Api(port);
        Api theirAdmin = server.withKey(theirs.adminKey());
        seedListable(theirs, theirAdmin, 6);
        String theirCursor =
                theirAdmin.get(LIST + "?limit=2").json().get("cursor").asString();

        Fixtures.Tenant mine = fixtures.newTenant();
        Api myAdmin = server.withKey(mine.adminKey());
        // older than the cursor's row, but for the template the API made just now
        List<String> myNames = seedListable(mine, myAdmin, 4, "2 hours");
        Api myViewer = server.withKey(Keys.issue(myAdmin, "viewer"));
        JsonNode page = myViewer.get(LIST + "?cursor=" + encode(theirCursor)).json();
        assertThat(names(page)).isEqualTo(myNames.subList(1, 4));
        List<String> theirIds = idsOf(theirs.accountId());
        page.get("items").forEach(item -> assertThat(item.get("id").asString()).isNotIn(theirIds));
    }

    /**
     * {@code count} experiments of the tenant's default project that the API can show: a template made through the
     * API, and copies {@code age} older, one a second apart going back (two and two at the same instant, so that the id
     * breaks ties); their names newest first, as the list orders them.
     */
    private List<String> seedListable(Fixtures.Tenant tenant, Api admin, int count) {
        return seedListable(tenant, admin, count, "1 hour");
    }

    private List<String> seedListable(Fixtures.Tenant tenant, Api admin, int count, String age) {
        FakeAgent agent = FakeAgent.install(new Api(port), admin, "paged");
        Api.Response created =
                admin.send("PUT", LIST + "/ci/template", """
                apiVersion: chaos.chaosplane.io/v1alpha1
                kind: ChaosExperiment
                metadata: {name: template, namespace: ci}
                spec:
                  target: {infrastructure: %s}
                  action: {type: linux-cpu-stress}
                  duration: 30s
                """.formatted(agent.infraId()), "application/yaml");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        copyTemplate(
                tenant.accountId(),
                count - 1,
                "item-",
                "now() - interval '" + age + "' - (g / 2) * interval '1 second'");
        List<String> names = new ArrayList<>();
        fixtures.asOwner(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT name FROM experiments WHERE account_id = ? ORDER BY created_at DESC, id DESC""")) {
                select.setString(1, tenant.accountId());
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
            }
        });
        return names;
    }

    /** Copies of the tenant's template experiment, named {@code prefix} and a number, created at {@code createdAt}. */
    private void copyTemplate(String account, int count, String prefix, String createdAt) {
        fixtures.asOwner(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO experiments (id, account_id, org_identifier, project_identifier, namespace, name,
                                             infrastructure_id, manifest, created_by, created_at, updated_at)
                    SELECT gen_random_uuid(), t.account_id, t.org_identifier, t.project_identifier, t.namespace,
                           ? || g, t.infrastructure_id, jsonb_set(t.manifest, '{metadata,name}', to_jsonb(? || g)),
                           'seed', %s, now()
                      FROM experiments t CROSS JOIN generate_series(1, ?) g
                     WHERE t.account_id = ? AND t.name = 'template'""".formatted(createdAt))) {
                insert.setString(1, prefix);
                insert.setString(2, prefix);
                insert.setInt(3, count);
                insert.setString(4, account);
                insert.executeUpdate();
            }
        });
    }

    private List<String> idsOf(String account) {
        List<String> ids = new ArrayList<>();
        fixtures.asOwner(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT id::text FROM experiments WHERE account_id = ?")) {
                select.setString(1, account);
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
        });
        return ids;
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }

    private static String urlBase64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

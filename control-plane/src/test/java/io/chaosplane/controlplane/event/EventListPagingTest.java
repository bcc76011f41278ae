package io.chaosplane.controlplane.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.common.Cursor;
import io.chaosplane.controlplane.common.ListQuery;
import io.chaosplane.controlplane.event.EventFeed.Filter;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/** The events list in keyset pages: every event once and in order while events arrive, and each page an index scan. */
@IntegrationTest
class EventListPagingTest {

    private static final String EVENTS = "/api/v1/events";

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    DataSource dataSource;

    @Test
    void everyEventListQueryReadsEventsThroughAnIndex() {
        List<String> accounts = IntStream.range(0, 11)
                .mapToObj(i -> fixtures.newTenant().accountId())
                .toList();
        ListSeeds.events(fixtures, accounts, 6_000);
        QueryPlans.vacuumAnalyze(fixtures, "events");
        String account = accounts.getFirst();
        Caller admin = caller(account, new Grant(ResourceScope.account(), Role.ADMIN));
        Caller projectViewer =
                caller(account, new Grant(ResourceScope.project("default", "default_project"), Role.VIEWER));
        Cursor after = Cursor.decode(
                "events", 2, Cursor.encode("events", Instant.now().minusSeconds(20_000), 123_456L), new Paging(0, 50));
        List<Filter> filters = List.of(
                new Filter(null, null, null, null, null),
                new Filter("default", "default_project", null, null, null),
                new Filter(null, null, "ns-3", null, null),
                new Filter(null, null, null, "seeded-7", "Warning"));
        List<ListQuery> queries = new ArrayList<>();
        for (Caller caller : List.of(admin, projectViewer)) {
            for (Filter filter : filters) {
                Map<String, Object> params = new HashMap<>();
                String where = EventFeed.where(caller, filter, params);
                queries.add(EventFeed.pageQuery(where, params, new Paging(0, 50), null));
                queries.add(EventFeed.pageQuery(where, params, new Paging(0, 50), after));
                queries.add(EventFeed.pageQuery(where, params, new Paging(1_000, 50), null));
                queries.add(EventFeed.countQuery(where, params));
            }
        }
        for (ListQuery query : queries) {
            QueryPlans.assertIndexed(dataSource, account, query);
        }
    }

    @Test
    void cursorPagesCoverEveryEventOnceInOrderWhileEventsArrive() throws Exception {
        Fixtures.Tenant tenant = fixtures.newTenant();
        Api server = new Api(port);
        Api admin = server.withKey(tenant.adminKey());
        Api viewer = server.withKey(Keys.issue(admin, "viewer"));
        ListSeeds.events(fixtures, List.of(tenant.accountId()), 45);
        List<Long> expected = eventIds(tenant.accountId());

        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger arrived = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (walking.get()) {
                fixtures.asOwner(connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("""
                            INSERT INTO events (account_id, occurred_at, type, reason, resource_kind, resource_name,
                                                message)
                            VALUES (?, clock_timestamp(), 'Normal', 'Late', 'Experiment', 'late', 'arrived late')""")) {
                        insert.setString(1, tenant.accountId());
                        insert.executeUpdate();
                    }
                });
                arrived.incrementAndGet();
            }
        });
        List<Long> walked = new ArrayList<>();
        try {
            String cursor = null;
            do {
                JsonNode page = viewer.get(EVENTS + "?limit=8" + (cursor == null ? "" : "&cursor=" + encode(cursor)))
                        .json();
                page.get("items").forEach(event -> walked.add(event.get("id").asLong()));
                cursor = page.has("cursor") ? page.get("cursor").asString() : null;
            } while (cursor != null);
        } finally {
            walking.set(false);
            writer.get();
        }
        assertThat(arrived.get()).isPositive();
        assertThat(walked.stream().filter(expected::contains).toList()).isEqualTo(expected);
        assertThat(walked).doesNotHaveDuplicates().containsAll(expected);
    }

    @Test
    void badAndForeignCursorsAreRefusedOrShowOnlyTheCallersEvents() {
        Api server = new Api(port);
        Fixtures.Tenant theirs = fixtures.newTenant();
        Api theirAdmin = server.withKey(theirs.adminKey());
        ListSeeds.events(fixtures, List.of(theirs.accountId()), 10);
        String theirCursor =
                theirAdmin.get(EVENTS + "?limit=3").json().get("cursor").asString();

        Fixtures.Tenant mine = fixtures.newTenant();
        ListSeeds.events(fixtures, List.of(mine.accountId()), 10);
        Api viewer = server.withKey(Keys.issue(server.withKey(mine.adminKey()), "viewer"));
        List<Long> mineIds = eventIds(mine.accountId());
        JsonNode page = viewer.get(EVENTS + "?cursor=" + encode(theirCursor)).json();
        assertThat(page.get("items"))
                .isNotEmpty()
                .allMatch(event -> mineIds.contains(event.get("id").asLong()));

        for (String bad : List.of(
                "~~",
                Cursor.encode("events", "now", 1),
                Cursor.encode("events", Instant.now(), "one"),
                Cursor.encode("runs", 3),
                Cursor.encode("events", Instant.now(), UUID.randomUUID()),
                Cursor.encode("events", "+1000000-01-01T00:00:00Z", 1))) {
            Api.Response response = viewer.get(EVENTS + "?cursor=" + encode(bad));
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("cursor");
        }
        assertThat(viewer.get(EVENTS + "?page=2&cursor=" + encode(theirCursor)).status())
                .isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentDocumentsTheCursorOfEachKeysetList() {
        // the API document is for signed-in callers only
        JsonNode docs = new Api(port)
                .withKey(fixtures.newTenant().adminKey())
                .get("/v3/api-docs")
                .json();
        for (String path : List.of(EVENTS, "/api/v1/experiments", "/api/v1/experiments/{namespace}/{name}/runs")) {
            JsonNode list = docs.get("paths").get(path).get("get");
            assertThat(list.get("parameters"))
                    .as(path)
                    .anyMatch(parameter -> parameter.get("name").asString().equals("cursor")
                            && parameter.get("in").asString().equals("query"));
            assertThat(list.get("description").asString()).as(path).contains("deep offset pages are slower");
        }
        assertThat(docs.get("components").get("schemas").properties())
                .filteredOn(schema -> schema.getKey().startsWith("ListResponse"))
                .isNotEmpty()
                .allMatch(schema -> schema.getValue().get("properties").has("cursor"));
    }

    private static Caller caller(String account, Grant grant) {
        return new Caller(
                account, Caller.Kind.API_KEY, UUID.randomUUID(), "plan test", List.of(grant), Plan.ENTERPRISE, false);
    }

    /** The account's events, newest first, as the list orders them. */
    private List<Long> eventIds(String account) {
        List<Long> ids = new ArrayList<>();
        fixtures.asOwner(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM events WHERE account_id = ? ORDER BY occurred_at DESC, id DESC")) {
                select.setString(1, account);
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
        });
        return ids;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

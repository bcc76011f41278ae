package io.chaosplane.controlplane.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.support.FakeAgent;
import io.chaosplane.controlplane.support.Fixtures;
import io.chaosplane.controlplane.support.IntegrationTest;
import io.chaosplane.controlplane.support.Keys.RoleMatrix;
import io.chaosplane.testsupport.Api;
import io.chaosplane.testsupport.Await;
import io.chaosplane.testsupport.TestClock;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Seed 002's calendar: a window's schedule and blackouts, schedules made from it, and its iCal read back. */
@IntegrationTest
class CalendarTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    @Autowired
    TestClock clock;

    Api server;
    RoleMatrix roles;
    Instant now;

    @BeforeEach
    void setUp() {
        server = new Api(port);
        roles = RoleMatrix.of(server, fixtures.newTenant());
        FakeAgent agent = FakeAgent.install(server, roles.admin(), "calendar");
        assertThat(roles.admin()
                        .postRaw("/api/v1/experiments", """
                {"apiVersion":"chaos.chaosplane.io/v1alpha1","kind":"ChaosExperiment",
                 "metadata":{"name":"cpu-check","namespace":"demo"},
                 "spec":{"target":{"infrastructure":"%s"},"action":{"type":"linux-cpu-stress"},"duration":"30s"}}""".formatted(agent.infraId()), "application/json")
                        .status())
                .isEqualTo(201);
        roles.operator().post("/api/v1/experiments/demo/cpu-check/abort", null);
        Await.until(
                "the experiment's first run to end",
                () -> roles.viewer().get("/api/v1/experiments/demo/cpu-check").json(),
                detail -> detail.get("status").get("phase").asString().equals("Aborted"));
        now = clock.instant();
    }

    /** Two days ahead at 02:00 UTC, weekly. */
    private Instant firstWeekly() {
        return now.atOffset(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.DAYS)
                .plusDays(2)
                .withHour(2)
                .toInstant();
    }

    private List<String> fields(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    @Test
    void aScheduleFromTheCalendarIsATestWithItsCronAndShowsInTheWindow() {
        Instant first = firstWeekly();
        Api.Response created = roles.admin()
                .post(
                        "/api/calendar/schedule",
                        Map.of(
                                "name",
                                "Weekly DB Failover",
                                "description",
                                "primary fails over",
                                "scenario_ids",
                                List.of("demo/cpu-check"),
                                "target_components",
                                List.of("database"),
                                "scheduled_time",
                                first.toString(),
                                "recurrence",
                                "weekly"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode schedule = created.json();
        int dow = first.atOffset(ZoneOffset.UTC).getDayOfWeek().getValue() % 7;
        assertThat(schedule.get("cron").asString()).isEqualTo("0 2 * * " + dow);
        assertThat(schedule.get("test_name").asString()).isEqualTo("weekly-db-failover");
        assertThat(Instant.parse(schedule.get("next_runs").get(0).asString())).isEqualTo(first);
        assertThat(roles.viewer()
                        .get("/api/v1/tests/weekly-db-failover")
                        .json()
                        .get("cron")
                        .asString())
                .isEqualTo("0 2 * * " + dow);

        String from = now.minus(Duration.ofDays(1)).toString();
        String to = first.plus(Duration.ofDays(8)).toString();
        JsonNode calendar =
                roles.viewer().get("/api/calendar?from=" + from + "&to=" + to).json();
        JsonNode entry = calendar.get("scheduled").get(0);
        assertThat(entry.get("name").asString()).isEqualTo("weekly-db-failover");
        assertThat(entry.get("target_components").get(0).asString()).isEqualTo("database");
        assertThat(entry.get("next_runs")).hasSize(2);
        assertThat(Instant.parse(entry.get("next_runs").get(1).asString())).isEqualTo(first.plus(Duration.ofDays(7)));
        assertThat(calendar.get("history")).isEmpty();
        assertThat(calendar.get("blackout_windows")).isEmpty();
        assertThat(calendar.get("coverage").get("has_topology").asBoolean()).isFalse();
        assertThat(calendar.get("coverage").get("coverage_percent").isNull()).isTrue();
        assertThat(roles.viewer()
                        .get("/api/v1/calendar?from=" + from + "&to=" + to)
                        .json())
                .isEqualTo(calendar);

        // the default window is 30 days either side
        JsonNode defaults = roles.viewer().get("/api/calendar").json();
        assertThat(Duration.between(
                        Instant.parse(defaults.get("from").asString()),
                        Instant.parse(defaults.get("to").asString())))
                .isEqualTo(Duration.ofDays(60));
        assertThat(defaults.get("scheduled").get(0).get("next_runs").size()).isBetween(4, 5);
    }

    @Test
    void badInputNamesItsFieldWrongRolesAre403AndAnotherTenantSeesNothing() {
        Map<String, Object> good = Map.of(
                "name",
                "Nightly",
                "scenario_ids",
                List.of("demo/cpu-check"),
                "scheduled_time",
                firstWeekly().toString(),
                "recurrence",
                "daily");
        assertThat(fields(roles.admin()
                        .post("/api/calendar/schedule", Map.of("scenario_ids", List.of("demo/cpu-check")))))
                .contains("name", "scheduled_time");
        assertThat(fields(roles.admin()
                        .post(
                                "/api/calendar/schedule",
                                Map.of(
                                        "name",
                                        "Past",
                                        "scenario_ids",
                                        List.of("demo/cpu-check"),
                                        "scheduled_time",
                                        now.minus(Duration.ofDays(1)).toString(),
                                        "recurrence",
                                        "hourly"))))
                .containsExactlyInAnyOrder("scheduled_time", "recurrence");
        assertThat(fields(roles.admin()
                        .post(
                                "/api/calendar/schedule",
                                Map.of(
                                        "name", "Only targets",
                                        "target_components", List.of("database"),
                                        "scheduled_time", firstWeekly().toString()))))
                .containsExactly("scenario_ids");
        assertThat(fields(roles.viewer().get("/api/calendar?from=2030-01-01&to=2031-06-01")))
                .containsExactly("to");
        assertThat(fields(roles.viewer().get("/api/calendar?from=tomorrow"))).containsExactly("from");
        assertThat(roles.viewer().post("/api/calendar/schedule", good).status()).isEqualTo(403);
        assertThat(roles.operator().post("/api/calendar/schedule", good).status())
                .isEqualTo(403);
        assertThat(roles.admin().post("/api/calendar/schedule", good).status()).isEqualTo(201);
        assertThat(roles.admin().post("/api/calendar/schedule", good).status()).isEqualTo(409);

        Api stranger = server.withKey(fixtures.newTenant().adminKey());
        assertThat(stranger.get("/api/calendar").json().get("scheduled")).isEmpty();
        assertThat(stranger.get("/api/calendar/ical").text()).doesNotContain("Nightly");
        assertThat(stranger.get("/api/calendar?organizationIdentifier=default&projectIdentifier=nowhere")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theICalFeedParsesBackWithRulesZonesStableUidsAndBlackedOutDates() throws Exception {
        Instant first = firstWeekly();
        assertThat(roles.admin()
                        .post(
                                "/api/calendar/schedule",
                                Map.of(
                                        "name",
                                        "Weekly DB Failover",
                                        "scenario_ids",
                                        List.of("demo/cpu-check"),
                                        "scheduled_time",
                                        first.toString(),
                                        "recurrence",
                                        "weekly"))
                        .status())
                .isEqualTo(201);
        // 03:30 in Paris every day, the second coming occurrence blacked out by the test itself
        ZonedDateTime paris = now.atZone(PARIS);
        ZonedDateTime next = paris.withHour(3).withMinute(30).truncatedTo(ChronoUnit.MINUTES);
        if (!next.isAfter(paris)) {
            next = next.plusDays(1);
        }
        ZonedDateTime frozen = next.plusDays(1);
        Api.Response test = roles.admin()
                .post(
                        "/api/v1/tests",
                        Map.of(
                                "name",
                                "frozen",
                                "experiment",
                                "demo/cpu-check",
                                "cron",
                                "30 3 * * *",
                                "timezone",
                                "Europe/Paris",
                                "blackouts",
                                List.of(Map.of(
                                        "from", frozen.minusHours(1).toInstant().toString(),
                                        "to", frozen.plusHours(1).toInstant().toString(),
                                        "reason", "release freeze"))));
        assertThat(test.status()).as(test.text()).isEqualTo(201);

        Api.Response response = roles.viewer().get("/api/calendar/ical");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/calendar");
        Calendar calendar = new CalendarBuilder().build(new StringReader(response.text()));
        List<VEvent> events = calendar.getComponents("VEVENT");
        assertThat(events).hasSize(2);
        VEvent frozenEvent = events.stream()
                .filter(event -> event.getProperty(Property.SUMMARY)
                        .orElseThrow()
                        .getValue()
                        .contains("frozen"))
                .findFirst()
                .orElseThrow();
        VEvent weekly = events.stream()
                .filter(event -> event != frozenEvent)
                .findFirst()
                .orElseThrow();

        String day = new String[] {"SU", "MO", "TU", "WE", "TH", "FR", "SA"}
                [first.atOffset(ZoneOffset.UTC).getDayOfWeek().getValue() % 7];
        assertThat(weekly.getProperty(Property.RRULE).orElseThrow().getValue()).isEqualTo("FREQ=WEEKLY;BYDAY=" + day);
        assertThat(frozenEvent.getProperty(Property.RRULE).orElseThrow().getValue())
                .isEqualTo("FREQ=DAILY");
        Property start = frozenEvent.getProperty(Property.DTSTART).orElseThrow();
        assertThat(start.getParameter("TZID").orElseThrow().getValue()).isEqualTo("Europe/Paris");
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
        assertThat(start.getValue()).isEqualTo(local.format(next));
        Property exdate = frozenEvent.getProperty(Property.EXDATE).orElseThrow();
        assertThat(exdate.getParameter("TZID").orElseThrow().getValue()).isEqualTo("Europe/Paris");
        assertThat(exdate.getValue()).isEqualTo(local.format(frozen));
        assertThat(weekly.getProperty(Property.EXDATE)).isEmpty();
        assertThat(calendar.getComponents("VTIMEZONE")).hasSize(2); // UTC and Europe/Paris

        // the same UIDs on every download, so that calendar apps update rather than duplicate
        Calendar again = new CalendarBuilder()
                .build(new StringReader(roles.viewer().get("/api/calendar/ical").text()));
        List<String> uids = events.stream()
                .map(event -> event.getProperty(Property.UID).orElseThrow().getValue())
                .sorted()
                .toList();
        List<String> uidsAgain = again.<VEvent>getComponents("VEVENT").stream()
                .map(event -> event.getProperty(Property.UID).orElseThrow().getValue())
                .sorted()
                .toList();
        assertThat(uidsAgain).isEqualTo(uids);
    }
}

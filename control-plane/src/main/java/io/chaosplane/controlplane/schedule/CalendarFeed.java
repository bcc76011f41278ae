package io.chaosplane.controlplane.schedule;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.schedule.ScheduleDtos.Blackout;
import io.chaosplane.controlplane.schedule.ScheduledTestStore.WithStatus;
import io.chaosplane.service.web.Paging;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.DateList;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ExDate;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RDate;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The project's scheduled tests as iCalendar, for calendar apps: a VEVENT per test starting at its next occurrence in
 * its own zone (TZID, with the zone's VTIMEZONE), an RRULE when its cron is daily, weekly or monthly (else the next
 * occurrences as RDATEs), a UID that stays the same across downloads, and an EXDATE for each occurrence a blackout
 * takes out in the coming year.
 */
@Component
class CalendarFeed {

    private static final int RDATES = 50;
    private static final Duration HORIZON = Duration.ofDays(366);
    private static final Duration EVENT_LENGTH = Duration.ofMinutes(30);

    private final ScheduledTestStore store;
    private final ScheduledTestService tests;
    private final CalendarService calendar;
    private final AccessGuard guard;
    private final Clock clock;

    CalendarFeed(
            ScheduledTestStore store,
            ScheduledTestService tests,
            CalendarService calendar,
            AccessGuard guard,
            Clock clock) {
        this.store = store;
        this.tests = tests;
        this.calendar = calendar;
        this.guard = guard;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public String ical(ProjectScope scope) {
        guard.require(Permission.READ, scope, scope.toString());
        Instant now = clock.instant();
        List<Blackout> policyBlackouts = tests.policyBlackouts(scope);
        Map<UUID, CalendarService.Extras> extras = calendar.extras(scope.accountId());
        TimeZoneRegistry zones = TimeZoneRegistryFactory.getInstance().createRegistry();
        Calendar ics = new Calendar();
        ics.add(new ProdId("-//ChaosPlane//Chaos calendar//EN"));
        ics.add(ImmutableVersion.VERSION_2_0);
        ics.add(ImmutableCalScale.GREGORIAN);
        List<String> zonesAdded = new ArrayList<>();
        for (WithStatus entry : store.list(scope, new Paging(0, Integer.MAX_VALUE))) {
            ScheduledTest test = entry.test();
            CronSchedule schedule = test.schedule();
            Optional<Instant> first = schedule.next(now);
            if (first.isEmpty()) {
                continue;
            }
            ZonedDateTime start = first.get().atZone(schedule.zone());
            CalendarService.Extras extra = extras.get(test.id());
            String title = extra == null ? test.name() : extra.title();
            VEvent event = new VEvent(start, EVENT_LENGTH, "Chaos test " + title);
            event.add(new Uid(test.id() + "@chaosplane"));
            event.add(new Description("Runs " + test.spec().experiment() + " on cron '"
                    + test.spec().cron() + "' ("
                    + test.spec().timezone() + ")"
                    + (extra == null || extra.description().isBlank() ? "" : ". " + extra.description())));
            Optional<String> rule = rrule(test.spec().cron());
            List<Instant> coming = schedule.next(now.minusNanos(1), 2_000).stream()
                    .filter(at -> at.isBefore(now.plus(HORIZON)))
                    .toList();
            if (rule.isPresent()) {
                event.add(new RRule<>(rule.get()));
            } else {
                List<ZonedDateTime> dates = coming.stream()
                        .skip(1)
                        .limit(RDATES)
                        .map(at -> at.atZone(schedule.zone()))
                        .toList();
                if (!dates.isEmpty()) {
                    event.add(new RDate<>(inZone(schedule), new DateList<>(dates)));
                }
            }
            List<Instant> kept = ScheduledTestService.nextRuns(test, policyBlackouts, now, coming.size());
            List<ZonedDateTime> excluded = coming.stream()
                    .filter(at -> !kept.contains(at))
                    .map(at -> at.atZone(schedule.zone()))
                    .toList();
            if (!excluded.isEmpty()) {
                event.add(new ExDate<>(inZone(schedule), new DateList<>(excluded)));
            }
            String zone = schedule.zone().getId();
            if (!zonesAdded.contains(zone)) {
                zonesAdded.add(zone);
                ics.add(zones.getTimeZone(zone).getVTimeZone());
            }
            ics.add(event);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(ics, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** TZID for a list of dates: ical4j writes it on DTSTART by itself, not on RDATE and EXDATE. */
    private static ParameterList inZone(CronSchedule schedule) {
        return new ParameterList(List.of(new TzId(schedule.zone().getId())));
    }

    /** The RRULE of a daily, weekly or monthly cron at a fixed minute and hour; none for anything else. */
    static Optional<String> rrule(String cron) {
        String[] f = cron.trim().split("\\s+");
        if (f.length != 5 || !f[0].matches("\\d+") || !f[1].matches("\\d+") || !f[3].equals("*")) {
            return Optional.empty();
        }
        if (f[2].equals("*") && f[4].equals("*")) {
            return Optional.of("FREQ=DAILY");
        }
        if (f[2].equals("*") && f[4].matches("[0-7](,[0-7])*")) {
            String[] days = {"SU", "MO", "TU", "WE", "TH", "FR", "SA", "SU"};
            List<String> by = new ArrayList<>();
            for (String day : f[4].split(",")) {
                String name = days[Integer.parseInt(day)];
                if (!by.contains(name)) {
                    by.add(name);
                }
            }
            return Optional.of("FREQ=WEEKLY;BYDAY=" + String.join(",", by));
        }
        if (f[2].matches("\\d+") && f[4].equals("*")) {
            return Optional.of("FREQ=MONTHLY;BYMONTHDAY=" + f[2]);
        }
        return Optional.empty();
    }
}

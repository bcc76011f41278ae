package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.event.EventFeed;
import io.chaosplane.controlplane.infra.InfrastructureCounts;
import io.chaosplane.controlplane.run.RunStatistics;
import io.chaosplane.controlplane.run.RunViews.RunSummary;
import io.chaosplane.service.web.Paging;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/** The project at a glance: its resilience, what ran lately, its agents and what happened. */
@Controller
class DashboardController {

    static final int TREND_DAYS = 30;

    /** The 30-day trend as the chart reads it: one point per day, null where no run was scored. */
    public record Trend(List<String> days, List<Double> scores, List<Long> runs) {}

    private final RunStatistics runs;
    private final InfrastructureCounts infrastructures;
    private final EventFeed events;
    private final JsonMapper json;

    DashboardController(RunStatistics runs, InfrastructureCounts infrastructures, EventFeed events, JsonMapper json) {
        this.runs = runs;
        this.infrastructures = infrastructures;
        this.events = events;
        this.json = json;
    }

    @GetMapping("/")
    String dashboard(Workspace ws, Model model) {
        RunStatistics.Overview overview = runs.overview(ws.project(), TREND_DAYS);
        List<RunSummary> latestRuns = runs.latest(ws.project(), 5);
        model.addAttribute("overview", overview);
        model.addAttribute(
                "trendJson",
                json.writeValueAsString(new Trend(
                        overview.trend().stream()
                                .map(day -> day.day().toString())
                                .toList(),
                        overview.trend().stream()
                                .map(day -> day.averageScore() == null
                                        ? null
                                        : day.averageScore().doubleValue())
                                .toList(),
                        overview.trend().stream()
                                .map(RunStatistics.DailyScore::scoredRuns)
                                .toList())));
        model.addAttribute("infra", infrastructures.byStatus(ws.project()));
        model.addAttribute("latestRuns", latestRuns);
        model.addAttribute(
                "events",
                events.list(
                                new EventFeed.Filter(ws.organization(), ws.projectIdentifier(), null, null, null),
                                new Paging(0, 8))
                        .items());
        return "dashboard";
    }
}

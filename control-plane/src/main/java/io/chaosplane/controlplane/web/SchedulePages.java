package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.experiment.ExperimentService;
import io.chaosplane.controlplane.schedule.ScheduleDtos.PreviewView;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestInput;
import io.chaosplane.controlplane.schedule.ScheduleDtos.TestView;
import io.chaosplane.controlplane.schedule.ScheduledTestService;
import io.chaosplane.service.web.ApiException;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.Paging;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Schedules: the project's scheduled tests with their next and last run, a form to create one whose cron shows its next
 * five occurrences as one types (computed by the server), and "run now".
 */
@Controller
class SchedulePages {

    private static final Set<String> FORM_FIELDS = Set.of("name", "experiment", "cron", "timezone", "maxRTO");

    /** The create form's fields as typed. */
    public record ScheduleForm(String name, String experiment, String cron, String timezone, String maxRTO) {

        static final ScheduleForm EMPTY = new ScheduleForm("", "", "0 2 * * *", "UTC", "");
    }

    /** An occurrence as the form shows it: on the zone's wall clock. */
    public record Occurrence(String iso, String label) {}

    private static final DateTimeFormatter WALL_CLOCK =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final ScheduledTestService tests;
    private final ExperimentService experiments;

    SchedulePages(ScheduledTestService tests, ExperimentService experiments) {
        this.tests = tests;
        this.experiments = experiments;
    }

    @GetMapping("/schedules")
    String list(Workspace ws, @RequestParam(defaultValue = "1") int page, Model model) {
        int number = Math.max(1, page);
        ScheduledTestService.Page<TestView> found = tests.list(ws.scope(), PageView.paging(number));
        boolean more = (long) number * PageView.SIZE < found.total();
        model.addAttribute(
                "page",
                new PageView<>(
                        found.items(),
                        found.total(),
                        number,
                        PageView.SIZE,
                        number > 1 ? "/schedules?page=" + (number - 1) : null,
                        more ? "/schedules?page=" + (number + 1) : null));
        return "schedules/list";
    }

    @GetMapping("/schedules/new")
    String newForm(Workspace ws, Model model) {
        ws.require(Permission.MANAGE);
        return form(ws, ScheduleForm.EMPTY, FormErrors.NONE, model);
    }

    /** The next five occurrences of the form's cron in its zone, or why there are none: the form asks as one types. */
    @GetMapping("/schedules/preview")
    String preview(
            Workspace ws,
            @RequestParam(defaultValue = "") String cron,
            @RequestParam(defaultValue = "") String timezone,
            Model model) {
        try {
            showPreview(tests.preview(ws.scope(), cron, timezone), null, model);
        } catch (InvalidInputException invalid) {
            showPreview(null, problem(invalid), model);
        }
        return "schedules/new :: preview";
    }

    @PostMapping("/schedules")
    String create(Workspace ws, ScheduleForm form, RedirectAttributes redirect, Model model) {
        TestInput input = new TestInput(
                form.name(),
                null,
                null,
                form.experiment(),
                null,
                null,
                null,
                form.cron(),
                blankToNull(form.timezone()),
                null,
                null,
                null,
                null,
                blankToNull(form.maxRTO()),
                null,
                null,
                null);
        try {
            tests.create(ws.scope(), input);
            redirect.addFlashAttribute("notice", "Schedule " + form.name() + " created.");
            return "redirect:/schedules";
        } catch (InvalidInputException invalid) {
            return form(
                    ws,
                    form,
                    FormErrors.of(invalid.fieldProblems(), field -> FORM_FIELDS.contains(field) ? field : null),
                    model);
        } catch (ConflictException exists) {
            return form(ws, form, FormErrors.of(List.of(new FieldProblem("name", exists.getMessage()))), model);
        }
    }

    @PostMapping("/schedules/{name}/trigger")
    String trigger(Workspace ws, @PathVariable String name, RedirectAttributes redirect) {
        ws.require(Permission.OPERATE);
        try {
            tests.trigger(ws.scope(), name);
            redirect.addFlashAttribute("notice", "Test " + name + " started.");
        } catch (ApiException refused) {
            if (refused.status().value() == 404) {
                throw refused;
            }
            redirect.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:/schedules";
    }

    private String form(Workspace ws, ScheduleForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "experiments",
                experiments.list(ws.scope(), null, null, new Paging(0, 100)).items().stream()
                        .map(experiment -> experiment.namespace() + "/" + experiment.name())
                        .toList());
        try {
            showPreview(tests.preview(ws.scope(), form.cron(), form.timezone()), null, model);
        } catch (InvalidInputException invalid) {
            showPreview(null, problem(invalid), model);
        }
        return "schedules/new";
    }

    private static void showPreview(PreviewView preview, String problem, Model model) {
        List<Occurrence> runs = preview == null
                ? List.of()
                : preview.nextRuns().stream()
                        .map(at -> new Occurrence(
                                at.toString(),
                                WALL_CLOCK.format(at.atZone(ZoneId.of(preview.timezone()))) + " " + preview.timezone()))
                        .toList();
        model.addAttribute("runs", runs);
        model.addAttribute("problem", problem);
    }

    private static String problem(InvalidInputException invalid) {
        FieldProblem first = invalid.fieldProblems().getFirst();
        return first.field() + " " + first.message();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

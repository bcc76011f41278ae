package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.discovery.DiscoveryAgentService;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentConfigRequest;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentDetails;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentView;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.CreateAgent;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.Cron;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.DataConfig;
import io.chaosplane.controlplane.infra.InfrastructureDtos.InfrastructureView;
import io.chaosplane.controlplane.infra.InfrastructureService;
import io.chaosplane.controlplane.tenancy.EnvironmentService;
import io.chaosplane.controlplane.tenancy.TenancyDtos.EnvironmentView;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Discovery agents of the project: the list with their status and last snapshot, creating one for an infrastructure
 * (its install command or manifest URL, once), deleting. Calls the discovery service as the REST API does.
 */
@Controller
class DiscoveryPages {

    /** Environments and infrastructures offered in the form: a project has a handful, one page of them is all. */
    private static final Paging CHOICES = new Paging(0, 100);

    /** What the REST API's field names are called in the form. */
    private static final Map<String, String> FIELDS = Map.of(
            "environmentIdentifier", "environment",
            "infraIdentifier", "infrastructure",
            "config.data.cron.expression", "cron",
            "config.data.collectionWindowInMin", "window");

    /** The create form's fields as typed; an unticked checkbox sends nothing, hence a Boolean. */
    public record AgentForm(
            String name, String environment, String infrastructure, String cron, String window, Boolean nodeAgent) {

        static AgentForm empty() {
            return new AgentForm("", "", "", "*/30 * * * *", "2", false);
        }

        public boolean nodeAgentEnabled() {
            return Boolean.TRUE.equals(nodeAgent);
        }
    }

    /** One row of the list. */
    public record AgentRow(
            String id,
            String name,
            String infrastructure,
            String environment,
            String status,
            Instant lastSnapshotAt,
            String lastSnapshotSize) {

        static AgentRow of(AgentView agent) {
            AgentDetails details = agent.installationDetails().agentDetails();
            return new AgentRow(
                    agent.id(),
                    agent.name(),
                    agent.identity(),
                    agent.environmentIdentifier(),
                    details.status(),
                    details.lastSnapshotAt(),
                    size(details.lastSnapshotBytes()));
        }
    }

    private final DiscoveryAgentService agents;
    private final EnvironmentService environments;
    private final InfrastructureService infrastructures;

    DiscoveryPages(
            DiscoveryAgentService agents, EnvironmentService environments, InfrastructureService infrastructures) {
        this.agents = agents;
        this.environments = environments;
        this.infrastructures = infrastructures;
    }

    @GetMapping("/discovery")
    String list(Workspace ws, @RequestParam(defaultValue = "1") int page, Model model) {
        PageView<AgentView> agentPage = PageView.of(agents.list(ws.scope(), PageView.paging(page)));
        model.addAttribute(
                "page",
                new PageView<>(
                        agentPage.items().stream().map(AgentRow::of).toList(),
                        agentPage.total(),
                        agentPage.page(),
                        agentPage.pageSize(),
                        agentPage.previousUrl(),
                        agentPage.nextUrl()));
        return "discovery/list";
    }

    /** The list's rows alone: the page polls them so that an agent turns ACTIVE by itself. */
    @GetMapping("/discovery/rows")
    String rows(Workspace ws, @RequestParam(defaultValue = "1") int page, Model model) {
        list(ws, page, model);
        return "discovery/list :: rows";
    }

    @GetMapping("/discovery/new")
    String newForm(Workspace ws, Model model) {
        ws.require(Permission.MANAGE);
        return newForm(ws, AgentForm.empty(), FormErrors.NONE, model);
    }

    private String newForm(Workspace ws, AgentForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "environments",
                environments.list(ws.scope(), CHOICES).items().stream()
                        .map(EnvironmentView::identifier)
                        .toList());
        model.addAttribute(
                "infrastructures",
                infrastructures.list(ws.scope(), CHOICES).items().stream()
                        .map(InfrastructureView::identifier)
                        .toList());
        return "discovery/new";
    }

    @PostMapping("/discovery")
    String create(Workspace ws, AgentForm form, Model model) {
        Integer window;
        try {
            window = form.window() == null || form.window().isBlank()
                    ? null
                    : Integer.valueOf(form.window().strip());
        } catch (NumberFormatException notANumber) {
            return newForm(
                    ws,
                    form,
                    FormErrors.of(List.of(new FieldProblem("window", "must be a whole number of minutes"))),
                    model);
        }
        CreateAgent request = new CreateAgent(
                InfrastructurePages.blankToNull(form.environment()),
                InfrastructurePages.blankToNull(form.infrastructure()),
                InfrastructurePages.blankToNull(form.name()),
                null,
                null,
                new AgentConfigRequest(
                        new DataConfig(
                                form.nodeAgentEnabled(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                window,
                                new Cron(InfrastructurePages.blankToNull(form.cron()))),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
        try {
            model.addAttribute("agent", agents.create(ws.scope(), request));
            return "discovery/installed";
        } catch (InvalidInputException invalid) {
            return newForm(
                    ws,
                    form,
                    FormErrors.of(invalid.fieldProblems(), field -> FIELDS.getOrDefault(field, field)),
                    model);
        } catch (NotFoundException unknown) {
            // the environment went away, or the infrastructure is not in the chosen environment
            return newForm(
                    ws, form, FormErrors.of(List.of(new FieldProblem("infrastructure", unknown.getMessage()))), model);
        } catch (ConflictException exists) {
            return newForm(
                    ws, form, FormErrors.of(List.of(new FieldProblem("infrastructure", exists.getMessage()))), model);
        }
    }

    @GetMapping("/discovery/{id}/delete")
    String confirmDelete(Workspace ws, @PathVariable String id, Model model) {
        ws.require(Permission.MANAGE);
        AgentView agent = agents.get(ws.scope(), id);
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Delete discovery agent " + agent.name() + "?",
                        "Its token stops working at once and it sends no more snapshots; the topology already"
                                + " discovered stays. Remove the agent from the cluster or host yourself.",
                        "/discovery/" + id + "/delete",
                        "Delete discovery agent",
                        "/discovery"));
        return Confirmation.VIEW;
    }

    @PostMapping("/discovery/{id}/delete")
    String delete(Workspace ws, @PathVariable String id, RedirectAttributes redirect) {
        String name = agents.get(ws.scope(), id).name();
        agents.delete(ws.scope(), id);
        redirect.addFlashAttribute("notice", "Discovery agent " + name + " deleted.");
        return "redirect:/discovery";
    }

    /** Bytes in binary units, one decimal: what a person reads in a table. */
    static String size(Long bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

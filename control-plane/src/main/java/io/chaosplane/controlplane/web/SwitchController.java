package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.tenancy.AccountService;
import io.chaosplane.controlplane.tenancy.OrganizationService;
import io.chaosplane.controlplane.tenancy.ProjectService;
import io.chaosplane.controlplane.tenancy.TenancyDtos.OrganizationView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.ProjectView;
import io.chaosplane.service.web.PageParams;
import io.chaosplane.service.web.Paging;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Choosing the account (the {@code accountIdentifier} parameter, which the session keeps) and the project to work in.
 */
@Controller
class SwitchController {

    /** An organization with the projects of it the person may see. */
    public record OrganizationProjects(OrganizationView organization, List<ProjectView> projects) {}

    private static final Paging ALL = new Paging(0, PageParams.MAX_PAGE_SIZE);

    private final AccountService accounts;
    private final OrganizationService organizations;
    private final ProjectService projects;
    private final Workspaces workspaces;

    SwitchController(
            AccountService accounts,
            OrganizationService organizations,
            ProjectService projects,
            Workspaces workspaces) {
        this.accounts = accounts;
        this.organizations = organizations;
        this.projects = projects;
        this.workspaces = workspaces;
    }

    @GetMapping("/switch")
    String choose(Model model) {
        model.addAttribute("accounts", accounts.listForCaller());
        model.addAttribute(
                "organizations",
                organizations.list(ALL).items().stream()
                        .map(org -> new OrganizationProjects(
                                org, projects.list(org.identifier(), ALL).items()))
                        .filter(org -> !org.projects().isEmpty())
                        .toList());
        return "switch";
    }

    /** The form names the project as {@code org/project}. */
    @PostMapping("/switch")
    String chosen(@RequestParam String project, HttpSession session) {
        int slash = project.indexOf('/');
        if (slash < 1 || slash == project.length() - 1) {
            return "redirect:/switch";
        }
        workspaces.choose(session, ResourceScope.project(project.substring(0, slash), project.substring(slash + 1)));
        return "redirect:/";
    }
}

package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Grant;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.tenancy.ProjectService;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The project a person works in, kept in their session per account. Until they choose one it is the account's
 * default project when they may see it, else the first project one of their grants names.
 */
@Component
class Workspaces {

    private static final String SESSION_PROJECT = "chaosplane.web.project";
    private static final ResourceScope DEFAULT_PROJECT =
            ResourceScope.project(ProjectScope.DEFAULT_ORGANIZATION, ProjectScope.DEFAULT_PROJECT);

    private final AccessGuard guard;
    private final ProjectService projects;

    Workspaces(AccessGuard guard, ProjectService projects) {
        this.guard = guard;
        this.projects = projects;
    }

    /** The request's workspace, worked out once per request. */
    Workspace current(HttpServletRequest request) {
        if (request.getAttribute(Workspace.class.getName()) instanceof Workspace known) {
            return known;
        }
        Workspace workspace = resolve(request);
        request.setAttribute(Workspace.class.getName(), workspace);
        return workspace;
    }

    private Workspace resolve(HttpServletRequest request) {
        Caller caller = guard.caller();
        ResourceScope project = chosen(request.getSession(false), caller).orElseGet(() -> firstProject(caller));
        return new Workspace(
                caller.accountId(),
                caller.actor().replaceFirst("^user:", ""),
                project,
                caller.roleOver(project).orElse(null),
                caller.roleOver(ResourceScope.account())
                        .filter(role -> role == Role.ADMIN)
                        .isPresent(),
                caller.grants().stream().anyMatch(grant -> grant.role() == Role.ADMIN),
                caller.platformAdmin());
    }

    /** Works in the project from now on; 404 for a project the person may not see. */
    void choose(HttpSession session, ResourceScope project) {
        Caller caller = guard.caller();
        if (!caller.canSee(project)) {
            throw new NotFoundException("project '" + project.organization() + "/" + project.project() + "' not found");
        }
        session.setAttribute(
                SESSION_PROJECT, new Chosen(caller.accountId(), project.organization(), project.project()));
    }

    /** Plain strings, so that the session can be stored. */
    private record Chosen(String accountId, String organization, String project) implements java.io.Serializable {

        ResourceScope scope() {
            return ResourceScope.project(organization, project);
        }
    }

    private static Optional<ResourceScope> chosen(HttpSession session, Caller caller) {
        if (session == null || !(session.getAttribute(SESSION_PROJECT) instanceof Chosen chosen)) {
            return Optional.empty();
        }
        return Optional.of(chosen)
                .filter(c -> c.accountId().equals(caller.accountId()))
                .map(Chosen::scope)
                .filter(caller::canSee);
    }

    private ResourceScope firstProject(Caller caller) {
        if (caller.canSee(DEFAULT_PROJECT)) {
            return DEFAULT_PROJECT;
        }
        for (Grant grant : caller.grants()) {
            if (grant.scope().project() != null) {
                return grant.scope();
            }
        }
        for (Grant grant : caller.grants()) {
            if (grant.scope().organization() != null) {
                var first = projects.list(grant.scope().organization(), new Paging(0, 1))
                        .items();
                if (!first.isEmpty()) {
                    return ResourceScope.project(
                            grant.scope().organization(), first.getFirst().identifier());
                }
            }
        }
        return DEFAULT_PROJECT; // nothing to see: the pages say so
    }
}

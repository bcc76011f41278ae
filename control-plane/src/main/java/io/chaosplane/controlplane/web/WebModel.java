package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout needs: the workspace (for the navigation and the role's buttons) and where it is. */
@ControllerAdvice(basePackageClasses = WebModel.class)
class WebModel {

    private final Workspaces workspaces;

    WebModel(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @ModelAttribute("ws")
    Workspace workspace(HttpServletRequest request) {
        // the log-in page has no caller yet
        return request.getAttribute(Caller.class.getName()) == null ? null : workspaces.current(request);
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI();
    }
}

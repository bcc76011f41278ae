package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.halt.HaltService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout needs: the workspace (for the navigation and the role's buttons) and where it is. */
@ControllerAdvice(basePackageClasses = WebModel.class)
class WebModel {

    private final Workspaces workspaces;
    private final HaltService halts;

    WebModel(Workspaces workspaces, HaltService halts) {
        this.workspaces = workspaces;
        this.halts = halts;
    }

    @ModelAttribute("ws")
    Workspace workspace(HttpServletRequest request) {
        // the log-in page has no caller yet
        return request.getAttribute(Caller.class.getName()) == null ? null : workspaces.current(request);
    }

    /** The banner of active halts on every page: from memory, no query. */
    @ModelAttribute("activeHalts")
    List<HaltService.ActiveHalt> activeHalts(HttpServletRequest request) {
        Caller caller = (Caller) request.getAttribute(Caller.class.getName());
        return caller == null ? List.of() : halts.activeVisible(caller.accountId());
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI();
    }
}

package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.event.EventFeed;
import io.chaosplane.controlplane.event.EventFeed.Filter;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The project's events, newest first, filtered by type, resource and namespace. */
@Controller
class EventPages {

    static final List<String> TYPES = List.of("Normal", "Warning");

    private final EventFeed events;

    EventPages(EventFeed events) {
        this.events = events;
    }

    @GetMapping("/events")
    String list(
            Workspace ws,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String resource,
            @RequestParam(required = false) String namespace,
            @RequestParam(defaultValue = "1") int page,
            Model model) {
        String typeFilter = type != null && TYPES.contains(type) ? type : null;
        Filter filter = new Filter(
                ws.organization(),
                ws.projectIdentifier(),
                InfrastructurePages.blankToNull(namespace),
                InfrastructurePages.blankToNull(resource),
                typeFilter);
        model.addAttribute("page", PageView.of(events.list(filter, PageView.paging(page))));
        model.addAttribute("filter", filter);
        model.addAttribute("types", TYPES);
        return "events/list";
    }
}

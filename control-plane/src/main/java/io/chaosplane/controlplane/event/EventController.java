package io.chaosplane.controlplane.event;

import io.chaosplane.controlplane.common.Cursor;
import io.chaosplane.controlplane.event.EventFeed.EventView;
import io.chaosplane.controlplane.event.EventFeed.Filter;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seed 000's {@code GET /api/v1/events}: what happened, newest first, limited to what the caller may read. */
@RestController
@Tag(name = "Events", description = "Phase changes, injections, reverts, probe outcomes, policy decisions, agents")
class EventController {

    private final EventFeed events;

    EventController(EventFeed events) {
        this.events = events;
    }

    @GetMapping("/api/v1/events")
    @Operation(
            summary = "List events, newest first, filtered by namespace, resource name and type",
            description = Cursor.PAGING)
    ListResponse<EventView> list(
            @RequestParam(required = false) String namespace,
            @Parameter(description = "The resource's name, as an experiment's or an infrastructure's")
                    @RequestParam(required = false)
                    String resource,
            @Parameter(description = "Normal or Warning") @RequestParam(required = false) String type,
            @RequestParam(required = false) String organizationIdentifier,
            @RequestParam(required = false) String projectIdentifier,
            @Valid @ParameterObject PageParams page,
            @Parameter(description = Cursor.DESCRIPTION) @RequestParam(required = false) String cursor) {
        return events.list(
                new Filter(organizationIdentifier, projectIdentifier, namespace, resource, type),
                page.paging(),
                cursor);
    }
}

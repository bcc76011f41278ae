package io.chaosplane.controlplane.hub;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.hub.ReplayDtos.ReplayRequest;
import io.chaosplane.controlplane.hub.ReplayDtos.ReplayView;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(name = "Incidents", description = "Public cloud and internet incidents, replayed on the project's topology")
class IncidentController {

    static final String LIST_EXAMPLE = """
            {"apiVersion": "v1", "kind": "IncidentList",
             "metadata": {"totalCount": 4, "page": 1, "pageSize": 1},
             "items": [{"id": "aws-us-east-1-network-2021", "title": "AWS network event in US-EAST-1",
               "provider": "aws", "date": "2021-12-07", "duration_minutes": 412,
               "affected_services": ["EC2 APIs", "Connect", "DynamoDB"], "affected_regions": ["us-east-1"],
               "failure_mode": "An automated scaling activity of the internal network triggered a surge of connections",
               "postmortem_url": "https://aws.amazon.com/message/12721/", "component_types": ["*"],
               "emulation": {"fault": "linux-network-blackhole", "hosts": ["ec2.us-east-1.amazonaws.com"]}}],
             "total": 4, "limit": 1, "offset": 0}""";

    static final String REPLAY_EXAMPLE = """
            {"incident": {"id": "aws-kinesis-us-east-1-2020", "title": "Amazon Kinesis Data Streams event in US-EAST-1",
               "provider": "aws", "date": "2020-11-25", "duration_minutes": 1028,
               "postmortem_url": "https://aws.amazon.com/message/11201/"},
             "placement": {"provider": "aws", "region": "us-east-1"},
             "struck": ["queue"],
             "waves": [
               {"wave": 0, "components": [{"id": "queue", "health": "down", "reason": "its only replica lost"}]},
               {"wave": 1, "components": [
                 {"id": "notification-worker", "health": "down", "reason": "hard dependency on queue is down"},
                 {"id": "order-service", "health": "degraded", "reason": "async dependency on queue is down: its work backs up"},
                 {"id": "payment-service", "health": "degraded", "reason": "async dependency on queue is down: its work backs up"}]}],
             "total_affected": 4, "components_down": 2, "baseline_score": 77.3, "resilience_score": 75.0,
             "impaired_share": 0.25, "recovery_time_estimate": "5-15 minutes",
             "revenue_per_hour": 10000.0, "estimated_cost": 42833.33,
             "survivors": [{"id": "cache", "health": "healthy",
               "reason": "not of an affected type, and none of its dependencies went down"}],
             "workflow": null,
             "how_computed": "The incident strikes the components of its types (queue, stream) placed where it struck"}""";

    private final ReplayService replays;

    IncidentController(ReplayService replays) {
        this.replays = replays;
    }

    @GetMapping("/incidents")
    @Operation(
            summary = "The incident catalogue, newest first",
            description = "Well-documented public incidents with their post-mortems; provider filters (aws, gcp,"
                    + " azure, or a vendor of the catalogue such as fastly or cloudflare).",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "A page of incidents",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            examples = @ExampleObject(value = LIST_EXAMPLE))))
    ListResponse<Incident> incidents(
            @Parameter(description = "Only this provider's incidents", example = "aws") @RequestParam(required = false)
                    String provider,
            @Valid @ParameterObject PageParams page,
            ProjectScope scope) {
        return replays.incidents(scope, provider, page.paging());
    }

    @PostMapping("/replay/{incident_id}")
    @Operation(
            summary = "Replay an incident on the project's topology (operator)",
            description = "The components of the incident's types placed where it struck lose every instance; the"
                    + " answer gives the waves, the score during it, its cost with revenue_per_hour and who held and"
                    + " why. experiment=true also writes an experiment and a workflow that emulate it on a Linux"
                    + " infrastructure (admin): the workflow waits at a review step until resumed. Unknown id 404.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The replay",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            examples = @ExampleObject(value = REPLAY_EXAMPLE))))
    ReplayView replay(
            @PathVariable("incident_id") String incidentId,
            @Parameter(description = "Revenue per hour, > 0 (or in the body)", example = "10000")
                    @RequestParam(name = "revenue_per_hour", required = false)
                    Double revenuePerHour,
            @Parameter(description = "Also write a workflow that emulates the incident (never started)")
                    @RequestParam(defaultValue = "false")
                    boolean experiment,
            @RequestBody(required = false) ReplayRequest body,
            ProjectScope scope) {
        ReplayRequest request = body == null ? ReplayRequest.empty() : body;
        if (revenuePerHour != null) {
            if (request.revenuePerHour() != null && !request.revenuePerHour().equals(revenuePerHour)) {
                throw InvalidInputException.of(
                        "revenue_per_hour", "given twice, as " + revenuePerHour + " and " + request.revenuePerHour());
            }
            request = new ReplayRequest(
                    revenuePerHour,
                    request.placement(),
                    request.placements(),
                    request.infrastructure(),
                    request.hosts(),
                    request.namespace(),
                    request.duration());
        }
        return replays.replay(scope, incidentId, request, experiment);
    }
}

package io.chaosplane.controlplane.discovery;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentView;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.CreateAgent;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seed 001's discovery agents, at its path and behind {@code /gateway}: API key (or session), project admins create
 * and delete, viewers read. {@code accountIdentifier} other than the caller's is 404, as any other tenant's is.
 */
@RestController
@RequestMapping({"/servicediscovery/api/v1/agents", "/gateway/servicediscovery/api/v1/agents"})
@Tag(
        name = "Discovery agents",
        description = "Seed 001's discovery agents: they read a cluster's workloads and"
                + " connections, from which the project's topology is built")
class DiscoveryAgentController {

    private final DiscoveryAgentService agents;

    DiscoveryAgentController(DiscoveryAgentService agents) {
        this.agents = agents;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a discovery agent for an infrastructure (project admin)",
            description = "Seed 001's body; answers seed 001's response (defaults filled in, no delegate, agentDetails"
                    + " PENDING until data) plus `install`: the one-time install token with the manifest URL"
                    + " (Kubernetes) or the command (Linux host), shown once. A bad cron or a window outside 1-60"
                    + " minutes is 400, an unknown environment or infrastructure 404, a second agent there 409")
    AgentView create(
            @Parameter(description = "Accepted as in seed 001; not used") @RequestParam(required = false)
                    String routingId,
            @Parameter(description = "The caller's account; another one answers 404") @RequestParam(required = false)
                    String accountIdentifier,
            ProjectScope scope,
            @RequestBody CreateAgent request) {
        return agents.create(checked(scope, accountIdentifier), request);
    }

    @GetMapping
    @Operation(summary = "List the project's discovery agents, with their status and last snapshot")
    ListResponse<AgentView> list(
            @RequestParam(required = false) String routingId,
            @RequestParam(required = false) String accountIdentifier,
            @Valid @ParameterObject PageParams page,
            ProjectScope scope) {
        return agents.list(checked(scope, accountIdentifier), page.paging());
    }

    @GetMapping("/{agentID}")
    @Operation(summary = "Get a discovery agent")
    AgentView get(
            @PathVariable("agentID") String agentId,
            @RequestParam(required = false) String routingId,
            @RequestParam(required = false) String accountIdentifier,
            ProjectScope scope) {
        return agents.get(checked(scope, accountIdentifier), agentId);
    }

    @DeleteMapping("/{agentID}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a discovery agent (project admin): its token stops working, what it sent goes")
    void delete(
            @PathVariable("agentID") String agentId,
            @RequestParam(required = false) String routingId,
            @RequestParam(required = false) String accountIdentifier,
            ProjectScope scope) {
        agents.delete(checked(scope, accountIdentifier), agentId);
    }

    private static ProjectScope checked(ProjectScope scope, String accountIdentifier) {
        if (accountIdentifier != null && !accountIdentifier.isBlank() && !accountIdentifier.equals(scope.accountId())) {
            throw new NotFoundException("account '" + accountIdentifier + "' not found");
        }
        return scope;
    }
}

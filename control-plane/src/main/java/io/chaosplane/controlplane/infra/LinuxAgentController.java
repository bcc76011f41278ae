package io.chaosplane.controlplane.infra;

import io.chaosplane.protocol.linux.ConfirmRequest;
import io.chaosplane.protocol.linux.ConfirmResponse;
import io.chaosplane.protocol.linux.LivenessRequest;
import io.chaosplane.protocol.linux.LivenessResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Seed 001's Linux infrastructure registration and liveness, at its paths (and behind /gratis and /gateway). */
@RestController
@RequestMapping({"/chaos/lserver/api/infra", "/gratis/chaos/lserver/api/infra", "/gateway/chaos/lserver/api/infra"})
@Tag(
        name = "Agent protocol (Linux)",
        description = "Seed 001's Linux chaos infrastructure calls; see docs/agent-protocol.md")
class LinuxAgentController {

    private final InfrastructureService infrastructures;
    private final Heartbeats heartbeats;
    private final AgentHalts halts;

    LinuxAgentController(
            InfrastructureService infrastructures, Heartbeats heartbeats, ObjectProvider<AgentHalts> halts) {
        this.infrastructures = infrastructures;
        this.heartbeats = heartbeats;
        this.halts = halts.getIfAvailable(() -> AgentHalts.NONE);
    }

    @PostMapping("/confirm")
    @Operation(summary = "Register an agent with its one-time install token; answers infraID and newAccessKey")
    ConfirmResponse confirm(
            @RequestHeader(value = AgentAuthenticationFilter.INFRA_ID_HEADER, required = false) String infraId,
            @RequestHeader(value = AgentAuthenticationFilter.ACCESS_KEY_HEADER, required = false) String installToken,
            @RequestBody(required = false) ConfirmRequest request) {
        return infrastructures.confirm(infraId, installToken, request);
    }

    /**
     * Answers from memory: the heartbeat reaches the database with every other one in the next batch. The body
     * (seed 001: {@code {}}) may be left out, but one that is not JSON is refused. The answer names the halts that
     * cover the agent's infrastructure, from memory too: the agent reverts everything and takes no task meanwhile;
     * and {@code chaosEnabled: false} while the infrastructure's kill switch is off, which the agent treats alike.
     */
    @PostMapping("/liveness")
    @Operation(summary = "The agent is alive; the answer's halts, when present, tell it to revert everything")
    LivenessResponse liveness(
            @Parameter(hidden = true) @RequestAttribute(AgentPrincipal.ATTRIBUTE) AgentPrincipal agent,
            @RequestBody(required = false) LivenessRequest body) {
        heartbeats.heard(agent.infrastructureId());
        return LivenessResponse.withHalts(halts.activeFor(agent), infrastructures.chaosEnabled(agent));
    }
}

package io.chaosplane.controlplane.discovery;

import io.chaosplane.controlplane.access.TenantContext;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.AgentSettings;
import io.chaosplane.controlplane.discovery.DiscoveryDtos.UploadResult;
import io.chaosplane.service.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The discovery agent's side (seed 001): the manifest a cluster applies and the install command's token exchange,
 * both opened by the one-time install token; then the agent's own calls with {@code Authorization: Token <token>}.
 * An unknown agent is 404, a wrong token 401. These paths are not behind the people's door (no session, no API key).
 */
@RestController
@RequestMapping({"/servicediscovery/api/v1/agents/{agentID}", "/gateway/servicediscovery/api/v1/agents/{agentID}"})
@Tag(name = "Discovery agents")
class DiscoveryAgentProtocolController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final DiscoveryCredentials credentials;
    private final DiscoveryAgentService agents;
    private final DiscoveryIngest ingest;
    private final TenantContext tenants;
    private final JsonMapper json;

    DiscoveryAgentProtocolController(
            DiscoveryCredentials credentials,
            DiscoveryAgentService agents,
            DiscoveryIngest ingest,
            TenantContext tenants,
            JsonMapper json) {
        this.credentials = credentials;
        this.agents = agents;
        this.ingest = ingest;
        this.tenants = tenants;
        this.json = json;
    }

    @GetMapping("/manifest")
    @Operation(
            summary = "The discovery agent's Kubernetes manifest (kubectl apply -f), opened once by the install token",
            description = "Namespace (unless disableNamespaceCreation), ServiceAccount, a Secret with the agent's token"
                    + " (the install token is exchanged for it here), a ClusterRole of get/list/watch on namespaces,"
                    + " nodes, services, pods, replicasets, replicationcontrollers, deployments, statefulsets,"
                    + " daemonsets, jobs and cronjobs only, its binding, the cluster collector's Deployment and, with"
                    + " enableNodeAgent, the node collector's DaemonSet")
    ResponseEntity<String> manifest(
            @PathVariable("agentID") String agentId,
            @Parameter(description = "The install token the agent was created with") @RequestParam(required = false)
                    String token) {
        String account = credentials.checkInstallToken(agentId, token);
        AgentSettings settings = tenants.callAs(account, () -> agents.exchange(account, agentId, true));
        return ResponseEntity.ok()
                .contentType(YAML)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(agents.manifest(settings));
    }

    @PostMapping("/token")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Exchange the one-time install token (Authorization: Token <install token>) for the agent's"
                    + " token, with the agent's settings; once")
    AgentSettings exchange(
            @PathVariable("agentID") String agentId,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String account = credentials.checkInstallToken(agentId, DiscoveryCredentials.token(authorization));
        return tenants.callAs(account, () -> agents.exchange(account, agentId, false));
    }

    @GetMapping("/config")
    @Operation(summary = "The agent's settings (Authorization: Token <agent token>)")
    AgentSettings config(
            @PathVariable("agentID") String agentId,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String account = credentials.authenticateAgent(agentId, authorization);
        return tenants.callAs(account, () -> agents.settings(account, agentId));
    }

    @PostMapping(value = "/data", consumes = MediaType.ALL_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Send a cluster snapshot or a node's connections (Authorization: Token <agent token>),"
                    + " gzip'd (Content-Encoding: gzip) or not",
            description = "Cluster: namespace, observedNamespaces, namespaceList, nodeList, serviceList, podList,"
                    + " replicaSetList, replicationControllerList, deploymentList, statefulSetList, daemonSetList,"
                    + " jobList, cronJobList, objects as Kubernetes JSON or seed 001's Go-field form; in batches with"
                    + " snapshotID, batch (from 1) and batches, swapped in when all are there. Node: nodeName,"
                    + " connectionList of {sourceIP, destinationIP, destinationPort, sourcePodUID,"
                    + " destinationServiceUID, destinationPodUID, process, count}. 201; 400 for neither; 401; 404"
                    + " unknown agent; 413 past chaosplane.http.max-inflated-body once inflated. A replay changes"
                    + " nothing")
    UploadResult data(
            @PathVariable("agentID") String agentId,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request)
            throws IOException {
        String account = credentials.authenticateAgent(agentId, authorization);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readAllBytes();
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw InvalidInputException.of("body", "is not JSON: " + e.getOriginalMessage());
        }
        long size = body.length;
        return tenants.callAs(account, () -> ingest.upload(account, agentId, tree, size));
    }
}

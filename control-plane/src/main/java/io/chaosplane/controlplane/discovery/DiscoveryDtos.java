package io.chaosplane.controlplane.discovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Seed 001's discovery-agent bodies, field for field; what the seed leaves null is answered null. */
public final class DiscoveryDtos {

    private DiscoveryDtos() {}

    @Schema(description = "Seed 001's body for creating a discovery agent")
    public record CreateAgent(
            @Schema(description = "An environment of the project", requiredMode = Schema.RequiredMode.REQUIRED)
            String environmentIdentifier,

            @Schema(
                    description =
                            "The infrastructure (identifier or id) the agent discovers; one agent per infrastructure",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String infraIdentifier,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String name,

            @Schema(description = "Defaults to 'Discovery agent for infrastructure identity <infraIdentifier>'")
            String description,

            Map<String, String> tags,
            AgentConfigRequest config) {}

    public record AgentConfigRequest(
            DataConfig data,
            KubernetesRequest kubernetes,

            @Schema(description = "Kept and handed to the agent; not echoed")
            Map<String, Object> mtls,

            @Schema(description = "Kept and handed to the agent; not echoed")
            Map<String, Object> proxy,

            Boolean skipSecureVerify,
            String collectorImage,
            String logWatcherImage,
            List<String> imagePullSecrets) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DataConfig(
            Boolean enableNodeAgent,
            String nodeAgentSelector,
            List<String> blacklistedNamespaces,
            List<String> observedNamespaces,
            String namespaceSelector,
            Boolean enableOrphanedPod,
            Boolean enableBatchResources,

            @Schema(description = "1 to 60 minutes: how long the node collector samples connections (default 2)")
            Integer collectionWindowInMin,

            Cron cron) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Cron(
            @Schema(description = "Five-field UNIX cron: when the cluster collector runs (default '*/30 * * * *')")
            String expression) {}

    public record KubernetesRequest(
            Boolean disableNamespaceCreation,
            Boolean namespaced,
            String namespace,
            String serviceAccount,
            Long runAsUser,
            Long runAsGroup,
            String imagePullPolicy,
            Map<String, String> nodeSelector,
            List<Map<String, Object>> tolerations,
            Resources resources) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Resources(Map<String, String> limits, Map<String, String> requests) {}

    /** The stored configuration, defaults filled in: as the agent is handed it and as the response shows it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AgentConfig(
            boolean skipSecureVerify,
            KubernetesConfig kubernetes,
            DataConfig data,
            String collectorImage,
            String logWatcherImage,
            List<String> imagePullSecrets) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record KubernetesConfig(
            boolean disableNamespaceCreation,
            boolean namespaced,
            String namespace,
            String serviceAccount,
            long runAsUser,
            long runAsGroup,
            String imagePullPolicy,
            Map<String, String> nodeSelector,
            List<Map<String, Object>> tolerations,
            Resources resources) {}

    /** Seed 001's response to creating a discovery agent, and the answer of get and list. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AgentView(
            String id,
            String name,
            String identity,
            String description,
            Map<String, String> tags,
            String accountIdentifier,
            String organizationIdentifier,
            String projectIdentifier,
            String environmentIdentifier,
            AgentConfig config,
            boolean permanentInstallation,
            @JsonProperty("webhookURL") String webhookURL,
            String installationType,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            boolean removed,
            InstallationDetails installationDetails,
            @JsonProperty("correlationID") String correlationID,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(
                    description = "Only in the answer to creating the agent: its one-time install token and how to"
                            + " use it (a manifest URL for a Kubernetes infrastructure, a command for a Linux host)")
            Install install) {

        AgentView withInstall(Install value) {
            return new AgentView(
                    id,
                    name,
                    identity,
                    description,
                    tags,
                    accountIdentifier,
                    organizationIdentifier,
                    projectIdentifier,
                    environmentIdentifier,
                    config,
                    permanentInstallation,
                    webhookURL,
                    installationType,
                    createdAt,
                    updatedAt,
                    createdBy,
                    updatedBy,
                    removed,
                    installationDetails,
                    correlationID,
                    value);
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record InstallationDetails(
            String id,
            String accountIdentifier,
            String organizationIdentifier,
            String projectIdentifier,
            String environmentIdentifier,
            @JsonProperty("agentID") String agentID,

            @Schema(description = "Empty: no delegate takes part here") @JsonProperty("delegateTaskID")
            String delegateTaskID,

            @Schema(description = "Empty: no delegate takes part here") @JsonProperty("delegateID")
            String delegateID,

            @Schema(description = "Empty: no delegate takes part here")
            String delegateTaskStatus,

            AgentDetails agentDetails,
            @JsonProperty("isCronTriggered") boolean isCronTriggered,
            @JsonProperty("logStreamID") String logStreamID,
            Instant logStreamCreatedAt,
            boolean stopped,
            Instant createdAt,
            String createdBy,
            String updatedBy,
            boolean removed) {}

    @Schema(description = "PENDING until the agent has sent data, then ACTIVE with its last cluster snapshot")
    public record AgentDetails(
            String status,

            @Schema(description = "When the last complete snapshot came in")
            Instant lastSnapshotAt,

            @Schema(description = "Its size, inflated, in bytes")
            Long lastSnapshotBytes) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Install(
            @Schema(description = "One-time: exchanged for the agent's token; shown only here")
            String token,

            Instant tokenExpiresAt,

            @Schema(description = "Kubernetes: kubectl apply -f <manifestURL>; opens once") @JsonProperty("manifestURL")
            String manifestURL,

            @Schema(description = "Linux host: paste as is") String command) {}

    /** What the agent is handed when its install token is exchanged, and on asking for its configuration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AgentSettings(
            @JsonProperty("agentID") String agentID,

            @Schema(description = "The agent's token (Authorization: Token <token>); only in the exchange's answer")
            String token,

            String accountIdentifier,
            String organizationIdentifier,
            String projectIdentifier,
            String environmentIdentifier,
            String infraIdentifier,

            @Schema(description = "Where to POST snapshots and connections, gzip'd")
            String dataPath,

            AgentConfig config,
            Map<String, Object> mtls,
            Map<String, Object> proxy) {}

    @Schema(description = "The answer to an upload")
    public record UploadResult(
            @Schema(description = "cluster or node") String kind,

            @Schema(description = "Cluster: the snapshot this batch belongs to")
            String snapshotID,

            Integer batch,
            Integer batches,

            @Schema(description = "Cluster: whether the snapshot is now complete and in use")
            Boolean complete,

            @Schema(description = "Node: the connections kept")
            Integer connections,

            @Schema(description = "Whether this upload had been received already (nothing changed)")
            boolean replay) {}
}

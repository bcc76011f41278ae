package io.chaosplane.controlplane.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The governance step of a run, in seed 001's shape ({@code securityGovernance}): which rules passed, failed or did
 * not apply. Rules are named {@code policy/rule}.
 */
public record Governance(
        @JsonProperty("Name") String name,
        @JsonProperty("Type") String type,
        @JsonProperty("Message") String message,
        @JsonProperty("Phase") String phase,
        @JsonProperty("SecurityGovernanceNodeData") Rules rules,
        @JsonProperty("StartedAt") long startedAt,
        @JsonProperty("FinishedAt") long finishedAt,
        @JsonProperty("ApprovalRequired") boolean approvalRequired) {

    public record Rules(
            @JsonProperty("PassedRules") List<String> passed,
            @JsonProperty("FailedRules") List<String> failed,
            @JsonProperty("SkippedRules") List<String> skipped) {}

    @JsonIgnore
    public boolean passed() {
        return rules.failed().isEmpty();
    }
}

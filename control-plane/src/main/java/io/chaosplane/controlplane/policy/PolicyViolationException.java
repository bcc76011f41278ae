package io.chaosplane.controlplane.policy;

import io.chaosplane.service.web.ForbiddenException;
import java.util.Map;

/** A rule refused a run: 403, and the body names the policy and the rule. */
public class PolicyViolationException extends ForbiddenException {

    private final String policy;
    private final String rule;

    PolicyViolationException(String policy, String rule, String reason) {
        super("policy '" + policy + "' rule '" + rule + "' forbids this run: " + reason);
        this.policy = policy;
        this.rule = rule;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("policy", policy, "rule", rule);
    }
}

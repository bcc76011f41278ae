package io.chaosplane.controlplane.run;

import java.math.BigDecimal;

/**
 * News of one fault of a whole run from the agent running it (a Kubernetes runner's node tree): where the fault is
 * and, once it is done, its verdict, probe success and error. Applying news never moves a fault backwards.
 */
public record FaultUpdate(
        String faultName,
        FaultPhase phase,
        FaultVerdict verdict,
        BigDecimal probeSuccessPercentage,
        String errorCode,
        String errorReason) {}

package io.chaosplane.protocol.linux;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A probe's verdict; {@code N/A} when it was not executed or not evaluated. */
public enum ProbeVerdict {
    @JsonProperty("Passed")
    PASSED,
    @JsonProperty("Failed")
    FAILED,
    @JsonProperty("N/A")
    NOT_APPLICABLE
}

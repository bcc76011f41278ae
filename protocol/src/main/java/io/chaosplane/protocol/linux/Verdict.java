package io.chaosplane.protocol.linux;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A fault's verdict: passed when its probes passed, failed when one failed, error when chaos could not be run. */
public enum Verdict {
    @JsonProperty("Pass")
    PASS,
    @JsonProperty("Fail")
    FAIL,
    @JsonProperty("Error")
    ERROR,
    @JsonProperty("Stopped")
    STOPPED
}

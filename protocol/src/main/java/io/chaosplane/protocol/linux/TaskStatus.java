package io.chaosplane.protocol.linux;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code taskStatus} of a status post or a result. */
public enum TaskStatus {
    @JsonProperty("Running")
    RUNNING,
    @JsonProperty("Completed")
    COMPLETED,
    @JsonProperty("Error")
    ERROR,
    @JsonProperty("Stopped")
    STOPPED
}

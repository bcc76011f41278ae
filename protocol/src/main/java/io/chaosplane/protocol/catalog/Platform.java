package io.chaosplane.protocol.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a fault runs. */
public enum Platform {
    @JsonProperty("linux")
    LINUX,
    @JsonProperty("kubernetes")
    KUBERNETES
}

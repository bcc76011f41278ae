package io.chaosplane.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the agent protocol, used by the control plane and by every agent.
 *
 * <ul>
 *   <li>Members that are {@code null} are left out, as the seed leaves them out (a log line without {@code args},
 *       a task list without {@code abortTaskNames}).</li>
 *   <li>Unknown members are ignored, so that a newer control plane can add members without breaking older
 *       agents, and the other way round.</li>
 *   <li>Instants are written as RFC 3339 strings in UTC ({@code 2025-05-01T16:06:55Z}).</li>
 * </ul>
 */
public final class ProtocolJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private ProtocolJson() {}

    /** The shared, immutable mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Applies the protocol's settings to a builder, for a service that builds its own mapper (for example Spring's
     * {@code JsonMapperBuilderCustomizer}) and wants to read and write protocol records the same way.
     */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.changeDefaultPropertyInclusion(inclusion -> inclusion
                        .withValueInclusion(JsonInclude.Include.NON_NULL)
                        .withContentInclusion(JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}

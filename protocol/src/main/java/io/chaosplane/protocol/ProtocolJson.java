package io.chaosplane.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
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
    private static final JsonMapper OUTGOING = configure(JsonMapper.builder(JsonFactory.builder()
                    .characterEscapes(new NulAsReplacementCharacter())
                    .build()))
            .build();

    private ProtocolJson() {}

    /** The shared, immutable mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * The mapper for what agents send: as {@link #mapper()}, with a NUL (which a command's output or an error message
     * may hold) written as U+FFFD. The services store text in PostgreSQL, which has no NUL, and refuse a body that
     * holds one; an agent's output is kept, one character changed, rather than its whole body refused.
     */
    public static JsonMapper outgoing() {
        return OUTGOING;
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

    private static final class NulAsReplacementCharacter extends CharacterEscapes {

        private static final int[] ESCAPES = standardAsciiEscapesForJSON();
        private static final SerializableString REPLACEMENT = new SerializedString("\\uFFFD");

        static {
            ESCAPES[0] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ESCAPES;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return REPLACEMENT;
        }
    }
}

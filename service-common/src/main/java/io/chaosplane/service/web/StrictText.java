package io.chaosplane.service.web;

import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON and YAML read as the services store them ({@link StrictTextParser}): every request body the services parse
 * goes through {@link #reader}, whichever converter reads it.
 */
public final class StrictText {

    private StrictText() {}

    /** The same reader, refusing NUL characters and naming the member where the body's text is not storable. */
    public static ObjectReader reader(ObjectReader reader) {
        return reader instanceof StrictReader ? reader : new StrictReader(reader);
    }

    /**
     * Reads a document that a request carries as a string at {@code member} (a JSON string holding JSON), its
     * problems named from the request's root ({@code args.executionData.nodes.n1.message}).
     */
    public static <T> T readNested(ObjectReader reader, String text, String member) {
        try {
            return reader(reader).readValue(text);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof MalformedTextException malformed) {
                    throw malformed.within(member);
                }
            }
            throw e;
        }
    }

    /** The services' JSON converter: Spring's, reading through {@link #reader}. */
    public static final class JsonConverter extends JacksonJsonHttpMessageConverter {

        public JsonConverter(JsonMapper mapper) {
            super(mapper);
        }

        @Override
        protected ObjectReader customizeReader(ObjectReader reader, JavaType javaType) {
            return StrictText.reader(super.customizeReader(reader, javaType));
        }
    }

    private static final class StrictReader extends ObjectReader {

        StrictReader(ObjectReader base) {
            super(base, base.getConfig());
        }

        @Override
        protected JsonParser _considerFilter(JsonParser parser, boolean multiValue) {
            return new StrictTextParser(super._considerFilter(parser, multiValue));
        }
    }
}

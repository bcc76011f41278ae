package io.chaosplane.service.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;

/**
 * Reads JSON (or YAML) the way the services must store it: a NUL character in a member name or a string, written as
 * {@code \u0000}, is refused with the member's path ({@code spec.action.parameters.Load}, {@code logs[2].out}), and
 * so are bytes that are not UTF-8 ({@link CheckedBodyStream}), which fail while their string is being read.
 */
final class StrictTextParser extends JsonParserDelegate {

    StrictTextParser(JsonParser delegate) {
        super(delegate);
    }

    @Override
    public JsonToken nextToken() {
        return atMember(() -> checked(delegate.nextToken()));
    }

    @Override
    public JsonToken nextValue() {
        return atMember(() -> checked(delegate.nextValue()));
    }

    @Override
    public String nextName() {
        return atMember(() -> checkedName(delegate.nextName()));
    }

    @Override
    public boolean nextName(SerializableString name) {
        return atMember(() -> checkedName(delegate.nextName(name)));
    }

    @Override
    public int nextNameMatch(PropertyNameMatcher matcher) {
        return atMember(() -> checkedName(delegate.nextNameMatch(matcher)));
    }

    /** Reads on, naming the member where the body's bytes turn out not to be storable text. */
    private <T> T atMember(Supplier<T> read) {
        try {
            return read.get();
        } catch (MalformedTextException e) {
            throw e.at(path());
        }
    }

    /** What a name-reading call answered, once the name it moved to is checked. */
    private <T> T checkedName(T answer) {
        checked(delegate.currentToken());
        return answer;
    }

    /** Skips through this parser's own tokens, so that skipped members are held to the same rules. */
    @Override
    public JsonParser skipChildren() {
        JsonToken token = currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken next = nextToken();
            if (next == null) {
                return this;
            }
            if (next.isStructStart()) {
                open++;
            } else if (next.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    private JsonToken checked(JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            if (delegate.getString().indexOf(0) >= 0) {
                throw MalformedTextException.nul(path());
            }
        } else if (token == JsonToken.PROPERTY_NAME && delegate.currentName().indexOf(0) >= 0) {
            throw MalformedTextException.nul(path());
        }
        return token;
    }

    /** Where the parser is, as the problem body names fields: {@code spec.steps[0][1].name}, {@code [3].pos}. */
    private String path() {
        Deque<String> segments = new ArrayDeque<>();
        for (TokenStreamContext context = delegate.streamReadContext();
                context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inArray()) {
                segments.push("[" + Math.max(0, context.getCurrentIndex()) + "]");
            } else if (context.currentName() != null) {
                segments.push("." + context.currentName().replace("\0", "\\u0000"));
            }
        }
        String path = String.join("", segments);
        return path.isEmpty() ? "body" : path.startsWith(".") ? path.substring(1) : path;
    }
}

package io.chaosplane.controlplane.common;

import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.Paging;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A keyset position in a list: the sort key and id of the last row a page showed, so that the next page starts
 * right after it with an index range scan instead of counting past {@code offset} rows. Clients treat it as opaque:
 * base64url of the list's name and the key's parts. It grants nothing: every list still filters by the caller's
 * account and scope, so a cursor from elsewhere only says where to start among the caller's own rows.
 */
public final class Cursor {

    /** The request parameter (and the field of a problem about it). */
    public static final String PARAMETER = "cursor";

    /** How a list that takes a cursor pages, for its OpenAPI description. */
    public static final String PAGING = "Page with cursor (keyset: every page costs the same however deep) or with"
            + " limit/offset (an offset page reads and skips every row before it, so deep offset pages are slower)."
            + " A full page's answer carries the cursor of the next page; the last page's has none.";

    /** The cursor parameter's OpenAPI description. */
    public static final String DESCRIPTION = "The cursor of the previous page's answer: this page starts after its"
            + " last row, and rows added since do not shift it. Not with offset or page. An altered cursor is refused"
            + " (400).";

    private static final String SEPARATOR = "|";
    private static final int MAX_LENGTH = 512;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final List<String> parts;

    private Cursor(List<String> parts) {
        this.parts = parts;
    }

    /** The cursor after a row of {@code list} whose key is {@code parts}. */
    public static String encode(String list, Object... parts) {
        StringBuilder text = new StringBuilder(list);
        for (Object part : parts) {
            text.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor a request gave for {@code list}, whose key has {@code size} parts; null when none was given. A
     * cursor starts where an offset would, so the two are not taken together.
     */
    public static Cursor decode(String list, int size, String cursor, Paging paging) {
        if (cursor == null) {
            return null;
        }
        if (paging.offset() != 0) {
            throw InvalidInputException.of(PARAMETER, "cannot be combined with offset or page");
        }
        String text;
        try {
            if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("length");
            }
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] split = text.split("\\|", -1);
        if (split.length != size + 1 || !split[0].equals(list)) {
            throw invalid();
        }
        return new Cursor(List.of(Arrays.copyOfRange(split, 1, split.length)));
    }

    public Instant instant(int index) {
        try {
            Instant instant = Instant.parse(parts.get(index));
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw invalid(); // beyond what PostgreSQL's timestamptz holds, and no row's time
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw invalid();
        }
    }

    public UUID uuid(int index) {
        String part = parts.get(index);
        try {
            UUID id = UUID.fromString(part);
            if (!id.toString().equals(part)) {
                throw invalid(); // UUID.fromString takes shortened groups; a cursor this list made never has them
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public long number(int index) {
        try {
            return Long.parseLong(parts.get(index));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static InvalidInputException invalid() {
        return InvalidInputException.of(PARAMETER, "is not a cursor of this list; pass the cursor of a previous page");
    }
}

package io.chaosplane.service.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * A request body as the services read it: at most {@code maxBytes}, strict UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF, Unicode's table 3-7) and no NUL byte. The bytes before a bad one are handed out first
 * and the failure comes with the next read, so that a JSON parser fails inside the string that holds it and can
 * name its member ({@link StrictTextParser}).
 */
final class CheckedBodyStream extends ServletInputStream {

    private final ServletInputStream delegate;
    private final long maxBytes;
    /** The declared length, or -1: readers that read exactly that much never see the end of the stream. */
    private final long declaredLength;

    private final byte[] single = new byte[1];
    private long offset;
    /** Continuation bytes the current character still needs, and the range the next one must be in. */
    private int needed;

    private int lowest = 0x80;
    private int highest = 0xBF;
    private RuntimeException failure;

    CheckedBodyStream(ServletInputStream delegate, long maxBytes, long declaredLength) {
        this.delegate = delegate;
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        if (failure != null) {
            throw failure;
        }
        int n = delegate.read(buffer, from, length);
        if (n < 0) {
            if (needed > 0) {
                throw failure = notUtf8("ends inside a character");
            }
            return n;
        }
        if (offset + n > maxBytes) {
            throw failure = new PayloadTooLargeException("request body larger than " + maxBytes + " bytes");
        }
        int good = check(buffer, from, n);
        if (good < n) {
            offset += good;
            if (good == 0) {
                throw failure;
            }
            return good;
        }
        offset += n;
        if (offset == declaredLength && needed > 0) {
            throw failure = notUtf8("ends inside a character");
        }
        return n;
    }

    /** How many of the bytes are fine; when fewer than all, {@link #failure} says what is wrong with the next one. */
    private int check(byte[] buffer, int from, int n) {
        for (int i = 0; i < n; i++) {
            int b = buffer[from + i] & 0xFF;
            if (needed > 0) {
                if (b < lowest || b > highest) {
                    return fail(i, notUtf8(describe(b, offset + i) + " where a continuation byte belongs"));
                }
                needed--;
                lowest = 0x80;
                highest = 0xBF;
            } else if (b == 0) {
                return fail(i, MalformedTextException.nul("body"));
            } else if (b >= 0x80 && !lead(b)) {
                return fail(i, notUtf8(describe(b, offset + i) + " cannot start a character"));
            }
        }
        return n;
    }

    /** Sets up the continuation bytes of a character starting with {@code b}; false when no character starts so. */
    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            needed = 2;
            lowest = b == 0xE0 ? 0xA0 : 0x80; // below is an overlong form
            highest = b == 0xED ? 0x9F : 0xBF; // above is a surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            needed = 3;
            lowest = b == 0xF0 ? 0x90 : 0x80; // below is an overlong form
            highest = b == 0xF4 ? 0x8F : 0xBF; // above is beyond U+10FFFF
        } else {
            return false;
        }
        return true;
    }

    private int fail(int at, RuntimeException problem) {
        failure = problem;
        return at;
    }

    private static String describe(int b, long at) {
        return String.format("byte 0x%02X at offset %d", b, at);
    }

    private static MalformedTextException notUtf8(String detail) {
        return new MalformedTextException("body", "is not valid UTF-8: " + detail);
    }

    @Override
    public boolean isFinished() {
        return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        delegate.setReadListener(listener);
    }
}

package io.chaosplane.agent.remote;

import java.util.regex.Pattern;

/**
 * A call to the control plane or the log service failed. The kind says what a caller can do about it: try again
 * later ({@link Kind#UNAVAILABLE}), wait for an operator ({@link Kind#UNAUTHORIZED}), or give up on this request
 * ({@link Kind#REJECTED}).
 */
public final class RemoteException extends RuntimeException {

    public enum Kind {
        /** Network failure, timeout, 5xx, 408, 429 or an open circuit: the same request may succeed later. */
        UNAVAILABLE,
        /** 401 or 403: the access key (or log token) is not accepted. */
        UNAUTHORIZED,
        /** Any other 4xx: the request itself is wrong or refers to something unknown; repeating it will not help. */
        REJECTED,
        /**
         * 409 with {@code "stream":"closed"}: the log stream is closed for good, so neither this nor any later request
         * for it will be taken.
         */
        STREAM_CLOSED
    }

    private static final Pattern STREAM_CLOSED_MEMBER = Pattern.compile("\"stream\"\\s*:\\s*\"closed\"");

    private final Kind kind;
    private final int status;

    public RemoteException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public static RemoteException unavailable(String message, Throwable cause) {
        return new RemoteException(Kind.UNAVAILABLE, 0, message, cause);
    }

    /** Classifies an HTTP error answer by its status and, for a 409, by what its problem body says. */
    public static RemoteException ofAnswer(int status, String body, String message) {
        if (status == 409 && body != null && STREAM_CLOSED_MEMBER.matcher(body).find()) {
            return new RemoteException(Kind.STREAM_CLOSED, status, message, null);
        }
        return ofStatus(status, message);
    }

    /** Classifies an HTTP error status. */
    public static RemoteException ofStatus(int status, String message) {
        Kind kind = status >= 500 || status == 408 || status == 429
                ? Kind.UNAVAILABLE
                : status == 401 || status == 403 ? Kind.UNAUTHORIZED : Kind.REJECTED;
        return new RemoteException(kind, status, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean isUnavailable() {
        return kind == Kind.UNAVAILABLE;
    }
}

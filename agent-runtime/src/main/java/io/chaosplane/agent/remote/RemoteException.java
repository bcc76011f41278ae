package io.chaosplane.agent.remote;

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
        REJECTED
    }

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

package io.chaosplane.logservice.common;

/** What an account identifier and a stream key may look like, checked on every endpoint. */
public final class StreamNames {

    /** Harness account identifiers: letters, digits, {@code _ . -}. */
    public static final String ACCOUNT_PATTERN = "[A-Za-z0-9_.-]{1,128}";
    /** Stream keys such as {@code <runId>-<faultName>}; slashes and colons allow Harness' path-like keys. */
    public static final String KEY_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.:/=@+-]{0,255}";

    public static final String ACCOUNT_MESSAGE = "must be 1-128 letters, digits, '_', '.' or '-'";
    public static final String KEY_MESSAGE =
            "must be 1-256 characters: letters, digits and _ . : / = @ + -, " + "starting with a letter or digit";

    private StreamNames() {}
}

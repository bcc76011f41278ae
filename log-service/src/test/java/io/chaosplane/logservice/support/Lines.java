package io.chaosplane.logservice.support;

import java.util.Collection;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Request bodies and names for tests. */
public final class Lines {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    private Lines() {}

    /** A JSON array of lines at the given positions; each line's out names its position. */
    public static String at(Collection<Long> positions) {
        StringJoiner body = new StringJoiner(",", "[", "]");
        for (long pos : positions) {
            body.add("{\"level\":\"info\",\"pos\":" + pos + ",\"out\":\"line " + pos
                    + "\",\"time\":\"2025-05-01T17:27:56Z\"}");
        }
        return body.toString();
    }

    public static String range(long from, long toExclusive) {
        return at(java.util.stream.LongStream.range(from, toExclusive).boxed().toList());
    }

    public static String newAccount() {
        return "acct_" + ACCOUNTS.incrementAndGet() + "_"
                + Integer.toHexString(UUID.randomUUID().hashCode());
    }

    public static String newRun() {
        return UUID.randomUUID().toString();
    }

    public static String query(String accountId, String key) {
        return "?accountID=" + accountId + "&key=" + key;
    }
}

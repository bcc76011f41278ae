package io.chaosplane.protocol.catalog;

import java.util.regex.Pattern;

/**
 * What a container runtime's socket path on a node may look like ({@code SOCKET_PATH}): absolute, plain segments
 * (letters, digits, {@code . _ -}, none starting with a dot, so no {@code ..}), ending in {@code .sock}, and short
 * enough for a Unix socket. The control plane refuses anything else, and the Kubernetes runner checks again before it
 * mounts the path into a privileged helper pod: whatever an experiment says, it is a path, never a command.
 */
public final class SocketPaths {

    /** The whole value must match; 107 bytes is the longest path a Unix socket address holds. */
    public static final String PATTERN = "(?=.{7,107}\\z)(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+\\.sock";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private SocketPaths() {}

    public static boolean wellFormed(String path) {
        return path != null && COMPILED.matcher(path).matches();
    }
}

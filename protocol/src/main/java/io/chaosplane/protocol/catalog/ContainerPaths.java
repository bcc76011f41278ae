package io.chaosplane.protocol.catalog;

import java.util.regex.Pattern;

/**
 * What a directory inside a target container may look like where a fault writes files through a shell
 * ({@code VOLUME_MOUNT_PATH} of pod-io-stress): absolute, plain segments (letters, digits, {@code . _ -}, none starting
 * with a dot, so no {@code ..}). The control plane refuses anything else, and the Kubernetes runner checks again before
 * the path becomes part of a script: whatever an experiment says, it is a path, never a command.
 */
public final class ContainerPaths {

    public static final String PATTERN = "/|(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}){1,32}";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private ContainerPaths() {}

    public static boolean wellFormed(String path) {
        return path != null && COMPILED.matcher(path).matches();
    }
}

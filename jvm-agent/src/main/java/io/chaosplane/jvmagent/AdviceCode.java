package io.chaosplane.jvmagent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The class files of the advice, read once, when the agent is first loaded. ByteBuddy copies advice from its class file,
 * and the class loader finds that file by the path of the jar the agent was first loaded from; the Linux agent deletes
 * each fault's jar at revert, so a later fault in the same JVM could no longer read it there.
 */
final class AdviceCode {

    private static final Class<?>[] ADVICE = {Advices.Latency.class, Advices.Throw.class, Advices.Return.class};

    /** Set once, by the first {@link ChaosAgent#agentmain}: a cache of immutable bytes. */
    private static volatile ClassFileLocator locator;

    private AdviceCode() {}

    static synchronized void remember() {
        if (locator != null) {
            return;
        }
        Map<String, byte[]> classFiles = new HashMap<>();
        for (Class<?> advice : ADVICE) {
            String path = advice.getName().replace('.', '/') + ".class";
            try (InputStream in = advice.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("the agent's jar lacks " + path);
                }
                classFiles.put(advice.getName(), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        locator = new ClassFileLocator.Simple(classFiles);
    }

    static ClassFileLocator locator() {
        ClassFileLocator remembered = locator;
        if (remembered == null) {
            throw new IllegalStateException("the advice was never read");
        }
        return remembered;
    }
}

package io.chaosplane.agent.linux.jvm;

import io.chaosplane.agent.linux.jvm.JvmFault.Kind;
import io.chaosplane.agent.linux.testing.FaultHarness;
import java.nio.file.Path;

/**
 * An agent process for a test to kill with SIGKILL: it injects a JVM fault as the agent does (journal first), says
 * {@code injected}, and waits to be killed.
 *
 * <pre>DoomedAgent JOURNAL_DIRECTORY TEMPORARY_DIRECTORY FAULT_INPUT_NAMES_AND_VALUES...</pre>
 */
public final class DoomedAgent {

    private DoomedAgent() {}

    public static void main(String[] args) throws Exception {
        String[] inputs = java.util.Arrays.copyOfRange(args, 2, args.length);
        FaultHarness.injectAndDie(new JvmFault(Kind.METHOD_LATENCY, Path.of(args[1])), Path.of(args[0]), inputs);
        System.out.println("injected");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

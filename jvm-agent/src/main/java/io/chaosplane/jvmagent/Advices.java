package io.chaosplane.jvmagent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code ByteBuddy inlines into the target's method. It is copied into classes of the target's own class loaders,
 * which may not see this agent's classes: so it uses the JDK alone, and every fault's values arrive as constants bound
 * to the annotations below.
 */
final class Advices {

    private Advices() {}

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface LatencyMillis {}

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface ExceptionType {}

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface ExceptionMessage {}

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface ReturnValue {}

    /** Sleeps before the method runs; an interrupt ends the sleep and stays set for the method to see. */
    static final class Latency {

        private Latency() {}

        @Advice.OnMethodEnter
        static void enter(@LatencyMillis long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Throws instead of running the method. The exception's class is looked up through the method's own class loader,
     * so an application's exception type works as well as the JDK's.
     */
    static final class Throw {

        private Throw() {}

        @Advice.OnMethodEnter
        static void enter(@Advice.Origin Class<?> origin, @ExceptionType String type, @ExceptionMessage String message)
                throws Throwable {
            Class<?> thrown = Class.forName(type, true, origin.getClassLoader());
            throw (Throwable) thrown.getConstructor(String.class).newInstance(message);
        }
    }

    /** Replaces what the method returns (also when it returns early); a method that throws still throws. */
    static final class Return {

        private Return() {}

        @Advice.OnMethodExit
        static void exit(
                @ReturnValue Object value,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
            returned = value;
        }
    }
}

package io.chaosplane.jvmagent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * A fault on the methods of one name in one class (every overload, every class loader's copy of the class): advice
 * added by retransformation, taken away by retransforming without it
 * ({@link ResettableClassFileTransformer#reset}), which gives the classes back their original code. A class that is
 * not loaded yet gets the advice when it loads.
 */
final class MethodFault extends ActiveFault {

    private final Instrumentation instrumentation;
    private final ResettableClassFileTransformer transformer;

    private MethodFault(
            String id, String note, Instrumentation instrumentation, ResettableClassFileTransformer transformer) {
        super(id, note);
        this.instrumentation = instrumentation;
        this.transformer = transformer;
    }

    @Override
    void undo() {
        transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }

    static MethodFault latency(
            String id, Instrumentation instrumentation, String className, String methodName, long millis) {
        String note = check(instrumentation, className, methodName, method -> {});
        Advice advice = Advice.withCustomMapping()
                .bind(Advices.LatencyMillis.class, millis)
                .to(Advices.Latency.class, AdviceCode.locator());
        return install(
                id, note, instrumentation, className, (builder, type) -> builder.visit(advice.on(methods(methodName))));
    }

    static MethodFault exception(
            String id,
            Instrumentation instrumentation,
            String className,
            String methodName,
            String exceptionType,
            String message) {
        String note = check(instrumentation, className, methodName, method -> {
            checkThrowable(method.getDeclaringClass().getClassLoader(), exceptionType);
        });
        Advice advice = Advice.withCustomMapping()
                .bind(Advices.ExceptionType.class, exceptionType)
                .bind(Advices.ExceptionMessage.class, message)
                .to(Advices.Throw.class, AdviceCode.locator());
        return install(
                id, note, instrumentation, className, (builder, type) -> builder.visit(advice.on(methods(methodName))));
    }

    static MethodFault modifyReturn(
            String id, Instrumentation instrumentation, String className, String methodName, String text) {
        String note = check(instrumentation, className, methodName, method -> {
            Class<?> type = method.getReturnType();
            try {
                ReturnValues.convert(text, type.getName(), type.isAssignableFrom(String.class));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' cannot be returned by " + className + "."
                        + methodName + " (" + type.getName() + "): " + e.getMessage());
            }
        });
        // one advice per return type, each with the value as that type's constant
        return install(id, note, instrumentation, className, (builder, type) -> {
            Set<TypeDescription> returnTypes = new LinkedHashSet<>();
            for (MethodDescription method : type.getDeclaredMethods().filter(methods(methodName))) {
                returnTypes.add(method.getReturnType().asErasure());
            }
            for (TypeDescription returnType : returnTypes) {
                Object value =
                        ReturnValues.convert(text, returnType.getName(), returnType.isAssignableFrom(String.class));
                builder = builder.visit(Advice.withCustomMapping()
                        .bind(Advices.ReturnValue.class, value)
                        .to(Advices.Return.class, AdviceCode.locator())
                        .on(methods(methodName).and(returns(returnType))));
            }
            return builder;
        });
    }

    private static ElementMatcher.Junction<MethodDescription> methods(String methodName) {
        return named(methodName).and(not(isAbstract())).and(not(isNative()));
    }

    private interface MethodCheck {
        void check(Method method) throws Exception;
    }

    private interface Transform {
        DynamicType.Builder<?> apply(DynamicType.Builder<?> builder, TypeDescription type);
    }

    /**
     * Checks the loaded copies of the class before anything changes: the method must exist, with code, and suit the
     * fault. A class not loaded yet cannot be checked; the note says so.
     */
    private static String check(
            Instrumentation instrumentation, String className, String methodName, MethodCheck check) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.getName().equals(className)) {
                loaded.add(type);
            }
        }
        if (loaded.isEmpty()) {
            return "class " + className + " is not loaded yet; its methods " + methodName
                    + " get the fault when it loads";
        }
        for (Class<?> type : loaded) {
            if (type.getClassLoader() == null) {
                throw new IllegalArgumentException(
                        className + " is a class of the JDK's boot class path, which this fault leaves alone");
            }
            if (!instrumentation.isModifiableClass(type)) {
                throw new IllegalArgumentException(className + " cannot be changed at run time");
            }
            int found = 0;
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(methodName)
                        && !Modifier.isAbstract(method.getModifiers())
                        && !Modifier.isNative(method.getModifiers())) {
                    found++;
                    try {
                        check.check(method);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalArgumentException(e.getMessage(), e);
                    }
                }
            }
            if (found == 0) {
                throw new IllegalArgumentException(className + " declares no method " + methodName + " with code");
            }
        }
        return "";
    }

    private static void checkThrowable(ClassLoader loader, String exceptionType) throws Exception {
        Class<?> thrown;
        try {
            thrown = Class.forName(exceptionType, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "exception class " + exceptionType + " is not found by the method's class loader");
        }
        if (!Throwable.class.isAssignableFrom(thrown) || Modifier.isAbstract(thrown.getModifiers())) {
            throw new IllegalArgumentException(exceptionType + " is no concrete Throwable");
        }
        if (!Modifier.isPublic(thrown.getModifiers())) {
            throw new IllegalArgumentException(exceptionType + " is not public");
        }
        try {
            thrown.getConstructor(String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(exceptionType + " has no public constructor taking a message (String)");
        }
    }

    private static MethodFault install(
            String id, String note, Instrumentation instrumentation, String className, Transform transform) {
        List<String> errors = new CopyOnWriteArrayList<>();
        ResettableClassFileTransformer transformer = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onError(
                            String typeName,
                            ClassLoader classLoader,
                            JavaModule module,
                            boolean loaded,
                            Throwable throwable) {
                        errors.add(typeName + ": " + throwable);
                    }
                })
                .type(named(className))
                .transform((builder, type, classLoader, module, protectionDomain) -> transform.apply(builder, type))
                .installOn(instrumentation);
        if (!errors.isEmpty()) {
            transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
            throw new IllegalStateException("the fault could not be added to " + className + ": " + errors.get(0));
        }
        return new MethodFault(id, note, instrumentation, transformer);
    }
}

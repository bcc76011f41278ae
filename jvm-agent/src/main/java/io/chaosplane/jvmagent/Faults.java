package io.chaosplane.jvmagent;

import java.lang.instrument.Instrumentation;
import java.util.Map;

/** Starts a fault from the parameters the Linux agent sent. */
final class Faults {

    private Faults() {}

    static ActiveFault start(String faultId, Map<String, String> parameters, Instrumentation instrumentation)
            throws Exception {
        String kind = required(parameters, "kind");
        switch (kind) {
            case "method-latency":
                return MethodFault.latency(
                        faultId,
                        instrumentation,
                        required(parameters, "class"),
                        required(parameters, "method"),
                        Long.parseLong(required(parameters, "latencyMillis")));
            case "method-exception":
                return MethodFault.exception(
                        faultId,
                        instrumentation,
                        required(parameters, "class"),
                        required(parameters, "method"),
                        required(parameters, "exception"),
                        required(parameters, "message"));
            case "modify-return":
                return MethodFault.modifyReturn(
                        faultId,
                        instrumentation,
                        required(parameters, "class"),
                        required(parameters, "method"),
                        required(parameters, "return"));
            case "cpu-stress":
                return Stress.cpu(
                        faultId,
                        Integer.parseInt(required(parameters, "threads")),
                        Double.parseDouble(required(parameters, "load")));
            case "memory-stress":
                return Stress.memory(faultId, Long.parseLong(required(parameters, "bytes")));
            case "trigger-gc":
                return Stress.garbageCollections(faultId, Long.parseLong(required(parameters, "intervalMillis")));
            default:
                throw new IllegalArgumentException("unknown fault kind " + kind);
        }
    }

    private static String required(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("parameter " + name + " is missing");
        }
        return value;
    }
}

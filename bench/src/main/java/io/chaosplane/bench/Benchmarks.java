package io.chaosplane.bench;

import java.util.List;

/**
 * Entry point of bench/run.sh: {@code handoff [runs] [replicas]}, {@code liveness [agents] [clients] [seconds]},
 * {@code ui [runs] [infrastructures] [requests]}, {@code workflow-events [runs] [tasks] [senders]},
 * {@code log-service [name=value...]}, {@code agent [starts]}, {@code runner [starts]},
 * {@code topology [components] [edges] [roots]}, {@code halt [agents] [faults] [halts]}, {@code discovery [pods] [rounds]}.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        switch (which) {
            case "handoff" -> TaskHandoffBench.run(intArg(args, 1, 1000), intArg(args, 2, 1));
            case "liveness" -> LivenessBench.run(intArg(args, 1, 10_000), intArg(args, 2, 32), intArg(args, 3, 15));
            case "ui" -> UiPagesBench.run(intArg(args, 1, 10_000), intArg(args, 2, 100), intArg(args, 3, 300));
            case "workflow-events" ->
                WorkflowEventBench.run(intArg(args, 1, 1000), intArg(args, 2, 19), intArg(args, 3, 16));
            case "log-service" -> LogServiceBench.run(List.of(args).subList(1, args.length));
            case "agent" -> AgentFootprintBench.run(intArg(args, 1, 3));
            case "faults" -> {
                FaultTimesBench.run(intArg(args, 1, 5));
                AgentFootprintBench.run(1);
            }
            case "runner" -> RunnerFootprintBench.run(intArg(args, 1, 3));
            case "topology" ->
                TopologyBench.run(intArg(args, 1, 10_000), intArg(args, 2, 50_000), intArg(args, 3, 200));
            case "halt" -> HaltLatencyBench.run(intArg(args, 1, 20), intArg(args, 2, 100), intArg(args, 3, 20));
            case "discovery" -> DiscoveryIngestBench.run(intArg(args, 1, 5000), intArg(args, 2, 3));
            case "all" -> {
                TaskHandoffBench.run(1000, 2);
                LivenessBench.run(10_000, 32, 15);
                UiPagesBench.run(10_000, 100, 300);
                WorkflowEventBench.run(1000, 19, 16);
                LogServiceBench.run(List.of());
                AgentFootprintBench.run(3);
                RunnerFootprintBench.run(3);
                TopologyBench.run(10_000, 50_000, 200);
                HaltLatencyBench.run(20, 100, 20);
                DiscoveryIngestBench.run(5000, 3);
            }
            default ->
                throw new IllegalArgumentException("unknown benchmark " + which + "; use handoff, liveness, ui,"
                        + " workflow-events, log-service, agent, faults, runner, topology, halt, discovery or all");
        }
        System.exit(0);
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}

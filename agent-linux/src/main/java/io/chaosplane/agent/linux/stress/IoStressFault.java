package io.chaosplane.agent.linux.stress;

import io.chaosplane.agent.fault.Fault;
import io.chaosplane.agent.fault.FaultContext;
import io.chaosplane.protocol.catalog.FaultInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code linux-io-stress}: a stressor whose workers write, sync and read back files in a directory of their own
 * under Path, Size bytes each or together FilesystemUtilizationPercentage of the space free at injection. Revert stops it and removes that directory (and nothing else).
 */
public final class IoStressFault implements Fault<StressState> {

    private static final int IO_BLOCK = 1 << 20;

    @Override
    public String name() {
        return "linux-io-stress";
    }

    @Override
    public Class<StressState> stateType() {
        return StressState.class;
    }

    @Override
    public StressState plan(FaultInputs inputs, FaultContext context) {
        return StressState.planned(Path.of(inputs.string("Path"), "chaosplane-io-" + context.faultId())
                .toString());
    }

    @Override
    public StressState inject(FaultInputs inputs, StressState planned, FaultContext context) throws Exception {
        Path parent = Path.of(inputs.string("Path"));
        if (!Files.isDirectory(parent)) {
            throw new IOException(parent + " is not a directory");
        }
        Path directory = Files.createDirectory(Path.of(planned.workDirectory()));
        long workers = inputs.integer("Workers");
        long bytes = bytesPerWorker(inputs, parent, workers);
        context.log()
                .info(
                        "[Chaos]: Starting the IO stress",
                        Map.of(
                                "Directory",
                                directory.toString(),
                                "Workers",
                                Long.toString(workers),
                                "Size",
                                bytes + "B"));
        return new StressState(
                List.of(Stressors.start(
                        context.faultId(),
                        context.deadline(),
                        List.of("-XX:MaxDirectMemorySize=" + (workers * IO_BLOCK + (16L << 20))),
                        List.of("io", directory.toString(), Long.toString(workers), Long.toString(bytes)))),
                planned.workDirectory());
    }

    /**
     * Size, or the workers' share of FilesystemUtilizationPercentage of the space free now: the files then hold that
     * share of the filesystem for as long as the fault runs.
     */
    private static long bytesPerWorker(FaultInputs inputs, Path parent, long workers) throws IOException {
        if (!inputs.has("FilesystemUtilizationPercentage")) {
            return inputs.size("Size").bytes();
        }
        long free = Files.getFileStore(parent).getUsableSpace();
        long bytes = (long) (free * inputs.percentage("FilesystemUtilizationPercentage") / 100.0 / workers);
        if (bytes < IO_BLOCK) {
            throw new IOException("only " + free + " bytes are free on the filesystem of " + parent
                    + ": too little for " + workers + " workers to write 1 MiB each");
        }
        return bytes;
    }

    @Override
    public void revert(StressState state, FaultContext context) throws Exception {
        Stressors.stop(context.faultId(), state.processes());
        Path directory = Path.of(state.workDirectory());
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}

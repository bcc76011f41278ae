package io.chaosplane.bench;

import io.chaosplane.testsupport.JarProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The Kubernetes runner's start-up time (process start to "agent running": confirmed, liveness and polling started)
 * and its idle memory (heap in use after a full GC, and resident set), with the manifest's JVM flags; against a JVM
 * that only prints its version, started the same way in the same run.
 */
final class RunnerFootprintBench {

    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-Xmx256m");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    static void run(int starts) throws Exception {
        Path jar = JarProcess.jar("agent-k8s.jar");
        String java = Footprint.java();
        try (BenchControlPlane controlPlane = BenchControlPlane.start()) {
            Http http = new Http(controlPlane.baseUrl());
            String admin = Http.basic(BenchControlPlane.ADMIN, BenchControlPlane.PASSWORD);
            List<Long> baseline = new ArrayList<>();
            List<Long> ready = new ArrayList<>();
            long heap = 0;
            long resident = 0;
            for (int i = 0; i < starts; i++) {
                baseline.add(Footprint.javaVersionMillis(List.of()));
                JsonNode infra = http.json(
                        "POST",
                        "/api/v1/infrastructures",
                        ("{\"identifier\":\"footprint_" + i + "\",\"name\":\"footprint\",\"type\":\"Kubernetes\"}"),
                        "Authorization",
                        admin);
                Path state = Files.createTempDirectory("runner-state");
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(JVM);
                command.addAll(List.of("-jar", jar.toString()));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment()
                        .put("KUBERNETES_INFRA_SERVICE_ENDPOINT", controlPlane.baseUrl() + "/chaos/kserver/api");
                builder.environment()
                        .put("INFRA_ID", infra.get("infrastructure").get("id").asString());
                builder.environment()
                        .put("INSTALL_TOKEN", infra.get("installToken").asString());
                builder.environment().put("CHAOSPLANE_STATE_DIR", state.toString());
                builder.environment().put("KUBERNETES_MASTER", "http://127.0.0.1:9");
                builder.environment().put("HEALTH_PORT", "0");
                long started = System.nanoTime();
                Process runner = builder.start();
                try {
                    ready.add(Footprint.awaitLines(runner, started, "agent running")[0]);
                    if (i == starts - 1) {
                        Thread.sleep(5000);
                        heap = heapAfterGc(runner.pid());
                        resident = Footprint.residentKb(runner.pid());
                    }
                } finally {
                    runner.destroy();
                    runner.waitFor(10, TimeUnit.SECONDS);
                }
            }
            System.out.printf("runner start-up, median of %d starts, JVM flags %s%n", starts, JVM);
            System.out.printf("  JVM printing its version (baseline)          %5d ms%n", Footprint.median(baseline));
            System.out.printf(
                    "  runner confirmed, beating and polling        %5d ms  (%.1fx baseline; target < 2000 ms)%n",
                    Footprint.median(ready), (double) Footprint.median(ready) / Footprint.median(baseline));
            System.out.printf(
                    "  idle heap in use after a full GC             %5.1f MiB (target < 64 MiB)%n", heap / 1024.0);
            System.out.printf("  idle resident set (VmRSS)                    %5.1f MiB%n", resident / 1024.0);
        }
    }

    /** jcmd's GC.heap_info after a full GC: the generations' "used" figures (DefNew and Tenured), in KiB. */
    private static long heapAfterGc(long pid) throws Exception {
        run("jcmd", Long.toString(pid), "GC.run");
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        long used = 0;
        for (String line : info.lines().toList()) {
            Matcher matcher = USED.matcher(line);
            if (!line.startsWith(" ") && line.contains(" total ") && matcher.find()) {
                used += Long.parseLong(matcher.group(1));
            }
        }
        return used;
    }

    private static String run(String... command) throws Exception {
        String jdkBin = Path.of(ProcessHandle.current().info().command().orElseThrow())
                .getParent()
                .toString();
        List<String> full = new ArrayList<>(List.of(command));
        full.set(0, jdkBin + "/" + command[0]);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }
}

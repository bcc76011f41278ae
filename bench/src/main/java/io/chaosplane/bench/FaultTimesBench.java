package io.chaosplane.bench;

import io.chaosplane.testsupport.JarProcess;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Each Linux fault's inject and revert time on this host, driven as the agent's supervisor drives it (catalogue inputs,
 * plan, inject, revert) from the packaged agent's own classes, against the no-op {@code linux-status-check} measured
 * the same way in the same run. Nothing outside what the bench made is touched: files go to a temporary directory,
 * processes are children the bench starts, network faults act in a network namespace the bench creates (a veth
 * pair), the API faults aim at a port of the bench's own HTTP server, the DNS faults at a resolver file of the
 * bench's own with the responder on a loopback port. Faults this host cannot run (no netem, no systemd) are listed
 * with the reason.
 */
final class FaultTimesBench {

    private static final String NAMESPACE = "chaosplane-bench";
    private static final String INTERFACE = "bench0";

    private final ClassLoader agent;
    private final Object catalog;
    private final Method resolve;
    private final Constructor<?> experimentInput;
    private final Method systemLog;
    private final Constructor<?> context;
    private final Method plan;
    private final Method inject;
    private final Method revert;
    private final Method name;

    private FaultTimesBench(ClassLoader agent) throws Exception {
        this.agent = agent;
        Class<?> catalogType = agent.loadClass("io.chaosplane.protocol.catalog.FaultCatalog");
        this.catalog = catalogType.getMethod("standard").invoke(null);
        this.resolve = catalogType.getMethod("resolve", String.class, List.class);
        this.experimentInput = agent.loadClass("io.chaosplane.protocol.linux.ExperimentInput")
                .getConstructor(String.class, String.class);
        Class<?> logType = agent.loadClass("io.chaosplane.agent.logs.ExecutionLog");
        this.systemLog = logType.getMethod("system", String.class);
        this.context = agent.loadClass("io.chaosplane.agent.fault.FaultContext")
                .getConstructor(String.class, Instant.class, logType);
        Class<?> fault = agent.loadClass("io.chaosplane.agent.fault.Fault");
        Class<?> inputs = agent.loadClass("io.chaosplane.protocol.catalog.FaultInputs");
        this.plan = fault.getMethod("plan", inputs, this.context.getDeclaringClass());
        this.inject = fault.getMethod("inject", inputs, Object.class, this.context.getDeclaringClass());
        this.revert = fault.getMethod("revert", Object.class, this.context.getDeclaringClass());
        this.name = fault.getMethod("name");
    }

    static void run(int rounds) throws Exception {
        Path jar = JarProcess.jar("agent-linux.jar");
        Path dir = Files.createTempDirectory("fault-bench");
        try (URLClassLoader loader =
                        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                Namespace ignored = Namespace.create();
                LocalHttp http = LocalHttp.start();
                Children children = new Children()) {
            new FaultTimesBench(loader).measure(rounds, dir, http.port(), children);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private void measure(int rounds, Path dir, int httpPort, Children children) throws Exception {
        Path resolvConf = dir.resolve("resolv.conf");
        Files.writeString(resolvConf, "nameserver 127.0.0.1\nsearch bench.invalid\n");
        List<Object> faults = new ArrayList<>(faults(resolvConf));
        Map<String, Setup> setups = setups(dir, httpPort, children);
        Map<String, String> notHere = new LinkedHashMap<>();
        Map<String, long[]> medians = new LinkedHashMap<>();
        for (Object fault : faults) {
            String faultName = (String) name.invoke(fault);
            Setup setup = setups.get(faultName);
            if (setup == null) {
                notHere.put(faultName, reasonNotMeasured(faultName));
                continue;
            }
            List<Long> injects = new ArrayList<>();
            List<Long> reverts = new ArrayList<>();
            try {
                for (int round = 0; round < rounds; round++) {
                    long[] times = once(fault, faultName, setup.inputs().get());
                    injects.add(times[0]);
                    reverts.add(times[1]);
                }
                medians.put(faultName, new long[] {Footprint.median(injects), Footprint.median(reverts)});
            } catch (Exception e) {
                notHere.put(faultName, "failed here: " + rootMessage(e));
            }
        }
        long[] base = medians.get("linux-status-check");
        long spawn = processStartMicros(rounds);
        System.out.printf(
                "%nLinux faults' inject and revert, median of %d rounds, ms; x: to one start of /bin/true%n", rounds);
        System.out.printf("  %-28s %9s %7s %9s %7s%n", "fault", "inject", "x", "revert", "x");
        medians.forEach((faultName, times) -> System.out.printf(
                "  %-28s %9.1f %7.1f %9.1f %7.1f%n",
                faultName, times[0] / 1000.0, (double) times[0] / spawn, times[1] / 1000.0, (double) times[1] / spawn));
        System.out.printf(
                "  baselines in the same run: the no-op linux-status-check %d us inject, %d us revert;"
                        + " starting /bin/true %.1f ms%n",
                base[0], base[1], spawn / 1000.0);
        notHere.forEach((faultName, reason) -> System.out.printf("  %-28s not measured: %s%n", faultName, reason));
    }

    /** Most faults start a process (tc, nft, a stressor JVM): the cost of the cheapest one, for scale. */
    private static long processStartMicros(int rounds) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long started = System.nanoTime();
            new ProcessBuilder("true").start().waitFor();
            times.add((System.nanoTime() - started) / 1000);
        }
        return Math.max(1, Footprint.median(times));
    }

    private long[] once(Object fault, String faultName, List<String> namesAndValues) throws Exception {
        List<Object> given = new ArrayList<>();
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            given.add(experimentInput.newInstance(namesAndValues.get(i), namesAndValues.get(i + 1)));
        }
        Object inputs = call(resolve, catalog, faultName, given);
        Object faultContext = context.newInstance(
                "bench" + Long.toHexString(System.nanoTime()),
                Instant.now().plusSeconds(120),
                systemLog.invoke(null, "fault-bench"));
        Object planned = call(plan, fault, inputs, faultContext);
        long started = System.nanoTime();
        Object injected;
        try {
            injected = call(inject, fault, inputs, planned, faultContext);
        } catch (Exception e) {
            call(revert, fault, planned, faultContext);
            throw e;
        }
        long injectedAt = System.nanoTime();
        call(revert, fault, injected, faultContext);
        long revertedAt = System.nanoTime();
        return new long[] {(injectedAt - started) / 1000, (revertedAt - injectedAt) / 1000};
    }

    private static Object call(Method method, Object target, Object... args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The agent's faults as it builds them, network faults in the bench's namespace, DNS on the bench's file. */
    @SuppressWarnings("unchecked")
    private List<Object> faults(Path resolvConf) throws Exception {
        List<Object> all = new ArrayList<>((List<Object>) agent.loadClass("io.chaosplane.agent.linux.LinuxFaults")
                .getMethod("all", Optional.class)
                .invoke(null, Optional.of(NAMESPACE)));
        Class<?> dnsKind = agent.loadClass("io.chaosplane.agent.linux.dns.DnsFault$Kind");
        List<Object> dns = (List<Object>) agent.loadClass("io.chaosplane.agent.linux.dns.DnsFault")
                .getMethod("all", Path.class, InetSocketAddress.class)
                .invoke(null, resolvConf, new InetSocketAddress(InetAddress.getByName("127.53.53.54"), 10053));
        all.removeIf(fault -> {
            try {
                return ((String) name.invoke(fault)).startsWith("linux-dns-");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        all.addAll(dns);
        return all;
    }

    private record Setup(java.util.function.Supplier<List<String>> inputs) {}

    private static Map<String, Setup> setups(Path dir, int httpPort, Children children) {
        Map<String, Setup> setups = new LinkedHashMap<>();
        String path = dir.toString();
        setups.put("linux-status-check", fixed("Duration", "1s"));
        setups.put("linux-cpu-stress", fixed("Load", "50", "Workers", "1", "Duration", "60s"));
        setups.put("linux-memory-stress", fixed("Memory", "64Mi", "Workers", "1", "Duration", "60s"));
        setups.put("linux-disk-fill", fixed("Path", path, "Size", "64Mi", "Duration", "60s"));
        setups.put("linux-fs-fill", fixed("Path", path, "Inodes", "2000", "Duration", "60s"));
        setups.put("linux-io-stress", fixed("Path", path, "Workers", "1", "Size", "8Mi", "Duration", "60s"));
        setups.put(
                "linux-process-kill",
                new Setup(() -> List.of("PID", Long.toString(children.sleeper()), "Signal", "SIGKILL")));
        setups.put(
                "linux-process-stop",
                new Setup(() -> List.of("PID", Long.toString(children.sleeper()), "Duration", "60s")));
        setups.put("linux-network-loss", fixed("Interface", INTERFACE, "LossPercentage", "50", "Duration", "60s"));
        setups.put("linux-network-rate-limit", fixed("Interface", INTERFACE, "Rate", "1000", "Duration", "60s"));
        setups.put(
                "linux-network-blackhole",
                fixed("Interface", INTERFACE, "DestinationHosts", "10.99.0.2", "Duration", "60s"));
        setups.put("linux-dns-error", fixed("HostNames", "example.invalid", "Duration", "60s"));
        setups.put("linux-dns-spoof", fixed("SpoofMap", "example.invalid=10.99.0.3", "Duration", "60s"));
        String port = Integer.toString(httpPort);
        setups.put("linux-api-block", fixed("TargetPort", port, "Duration", "60s"));
        setups.put("linux-api-latency", fixed("TargetPort", port, "Latency", "100", "Duration", "60s"));
        setups.put("linux-api-status-code", fixed("TargetPort", port, "StatusCode", "503", "Duration", "60s"));
        setups.put("linux-api-modify-body", fixed("TargetPort", port, "ResponseBody", "chaos", "Duration", "60s"));
        setups.put(
                "linux-api-modify-header",
                fixed("TargetPort", port, "HeaderName", "X-Chaos", "HeaderValue", "1", "Duration", "60s"));
        return setups;
    }

    private static Setup fixed(String... namesAndValues) {
        return new Setup(() -> List.of(namesAndValues));
    }

    private static String reasonNotMeasured(String faultName) {
        if (List.of("linux-network-latency", "linux-network-corruption", "linux-network-duplication")
                        .contains(faultName)
                && !Files.isDirectory(Path.of("/sys/module/sch_netem"))) {
            return "needs kernel module sch_netem, missing on this kernel";
        }
        if (List.of("linux-service-restart", "linux-time-chaos").contains(faultName)
                && !Files.isDirectory(Path.of("/run/systemd/system"))) {
            return "acts on systemd services; systemd does not run this host";
        }
        return "no bench set-up for it here (it would act on the host itself)";
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    }

    /** A network namespace of the bench's own with a veth pair up inside it; deleted at the end. */
    private record Namespace() implements AutoCloseable {

        static Namespace create() throws Exception {
            exec("ip", "netns", "add", NAMESPACE);
            Namespace namespace = new Namespace();
            try {
                // a veth pair with both ends inside: this kernel may lack the dummy device's module
                exec("ip", "-n", NAMESPACE, "link", "add", INTERFACE, "type", "veth", "peer", "name", "bench1");
                exec("ip", "-n", NAMESPACE, "addr", "add", "10.99.0.1/24", "dev", INTERFACE);
                exec("ip", "-n", NAMESPACE, "link", "set", INTERFACE, "up");
                exec("ip", "-n", NAMESPACE, "link", "set", "bench1", "up");
                return namespace;
            } catch (Exception e) {
                namespace.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            exec("ip", "netns", "delete", NAMESPACE);
        }
    }

    /** An HTTP server on loopback for the API faults to aim at. */
    private record LocalHttp(com.sun.net.httpserver.HttpServer server) implements AutoCloseable {

        static LocalHttp start() throws Exception {
            var server = com.sun.net.httpserver.HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("ok".getBytes());
                exchange.close();
            });
            server.start();
            return new LocalHttp(server);
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Child processes ({@code sleep}) for the process faults, one per round, all killed at the end. */
    private static final class Children implements AutoCloseable {

        private final List<Process> started = new ArrayList<>();

        long sleeper() {
            try {
                Process process = new ProcessBuilder("sleep", "600").start();
                started.add(process);
                return process.pid();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            for (Process process : started) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }
}

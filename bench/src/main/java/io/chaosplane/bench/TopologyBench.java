package io.chaosplane.bench;

import io.chaosplane.topology.Component;
import io.chaosplane.topology.Dependency;
import io.chaosplane.topology.DependencyType;
import io.chaosplane.topology.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The topology engine on a large graph: one simulate-failure and the full score (one simulation per component)
 * against a plain breadth-first search of the same graph over int arrays, the least any simulation must do.
 */
final class TopologyBench {

    private TopologyBench() {}

    static void run(int components, int edges, int roots) {
        Random random = new Random(42);
        List<Component> nodes = new ArrayList<>(components);
        for (int i = 0; i < components; i++) {
            nodes.add(new Component(
                    "c" + i,
                    "c" + i,
                    "service",
                    1 + random.nextInt(3),
                    20.0 + random.nextInt(70),
                    "healthy",
                    random.nextInt(10) == 0,
                    random.nextInt(4) == 0,
                    random.nextInt(5) == 0));
        }
        // callers have lower numbers than what they call: a layered graph like a real one, plus a few back edges
        List<Dependency> dependencies = new ArrayList<>(edges);
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        while (dependencies.size() < edges) {
            int source = random.nextInt(components);
            int target = random.nextInt(50) == 0 ? random.nextInt(components) : source + 1 + random.nextInt(200);
            if (target >= components || target == source || !pairs.add((long) source * components + target)) {
                continue;
            }
            int kind = random.nextInt(10);
            DependencyType type =
                    kind < 7 ? DependencyType.HARD : kind < 9 ? DependencyType.SOFT : DependencyType.ASYNC;
            dependencies.add(new Dependency("c" + source, "c" + target, type, 1.0));
        }
        long built = System.nanoTime();
        Topology topology = Topology.of(nodes, dependencies);
        System.out.printf(
                Locale.ROOT,
                "topology: %d components, %d edges, graph built in %.0f ms%n",
                components,
                edges,
                (System.nanoTime() - built) / 1e6);

        int[][] callers = callers(components, dependencies);
        int[] rootIds = random.ints(roots, 0, components).toArray();
        // warm-up
        for (int i = 0; i < Math.min(roots, 50); i++) {
            topology.simulateFailure("c" + rootIds[i]);
            bfs(callers, rootIds[i]);
        }
        long sims = 0;
        long reached = 0;
        long start = System.nanoTime();
        for (int root : rootIds) {
            sims += topology.simulateFailure("c" + root).totalAffected();
        }
        double simulateMicros = (System.nanoTime() - start) / 1e3 / roots;
        start = System.nanoTime();
        for (int root : rootIds) {
            reached += bfs(callers, root);
        }
        double bfsMicros = (System.nanoTime() - start) / 1e3 / roots;
        System.out.printf(
                Locale.ROOT,
                "simulate-failure: %.1f µs per root (mean affected %.1f); plain BFS %.1f µs (mean reached %.1f);"
                        + " ratio %.1fx%n",
                simulateMicros,
                (double) sims / roots,
                bfsMicros,
                (double) reached / roots,
                simulateMicros / bfsMicros);

        start = System.nanoTime();
        double score = topology.assess().roundedScore();
        double scoreSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        long all = 0;
        for (int root = 0; root < components; root++) {
            all += bfs(callers, root);
        }
        double allBfsSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "full score %.1f: %.2f s (%d simulations); plain BFS from every component %.2f s (%d visits);"
                        + " ratio %.1fx%n",
                score,
                scoreSeconds,
                components,
                allBfsSeconds,
                all,
                scoreSeconds / allBfsSeconds);
    }

    private static int[][] callers(int components, List<Dependency> dependencies) {
        int[] counts = new int[components];
        for (Dependency d : dependencies) {
            counts[index(d.target())]++;
        }
        int[][] callers = new int[components][];
        for (int i = 0; i < components; i++) {
            callers[i] = new int[counts[i]];
        }
        Arrays.fill(counts, 0);
        for (Dependency d : dependencies) {
            int target = index(d.target());
            callers[target][counts[target]++] = index(d.source());
        }
        return callers;
    }

    private static int index(String id) {
        return Integer.parseInt(id, 1, id.length(), 10);
    }

    /** Everything that (transitively) calls the root: the components a failure could reach. */
    private static int bfs(int[][] callers, int root) {
        boolean[] seen = new boolean[callers.length];
        int[] queue = new int[callers.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = root;
        seen[root] = true;
        while (head < tail) {
            int next = queue[head++];
            for (int caller : callers[next]) {
                if (!seen[caller]) {
                    seen[caller] = true;
                    queue[tail++] = caller;
                }
            }
        }
        return tail - 1;
    }
}

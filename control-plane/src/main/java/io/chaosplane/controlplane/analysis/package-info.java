/**
 * Analysis over a project's topology, runs and history: architecture advice towards a number of nines, the cost of
 * each component's failure, a benchmark against peers (opt-in aggregates or a shipped baseline) and a chat that
 * answers questions about the project by rules. Everything is computed from the project's own data, deterministically;
 * the engine (availability, advice, cost) is the {@code topology} module's.
 */
@ApplicationModule(allowedDependencies = {"access", "topology", "event", "common"})
package io.chaosplane.controlplane.analysis;

import org.springframework.modulith.ApplicationModule;

/**
 * Scheduled tests (seed 004's "tests"): experiments run on a cron in a time zone, fired once across replicas from a
 * claim table; their reports, the summary, the daily trend and the alerts read from their runs.
 */
@ApplicationModule(
        allowedDependencies = {"access", "tenancy", "event", "experiment", "policy", "run", "common", "topology"})
package io.chaosplane.controlplane.schedule;

import org.springframework.modulith.ApplicationModule;

/**
 * Stop conditions: checks of the system under test (an HTTP request, a Prometheus query against a threshold) made
 * while a run goes, one replica per condition; too many failures in a row stop the run.
 */
@ApplicationModule(allowedDependencies = {"access", "run", "common"})
package io.chaosplane.controlplane.stopcondition;

import org.springframework.modulith.ApplicationModule;

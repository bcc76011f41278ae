/**
 * Stop conditions: checks of the system under test (an HTTP request, a Prometheus query against a threshold) made
 * while a run goes (an experiment's) or while any run of a workflow goes (a workflow's), one replica per condition;
 * too many failures in a row stop the run, or the workflow with its runs.
 */
@ApplicationModule(allowedDependencies = {"access", "run", "common"})
package io.chaosplane.controlplane.stopcondition;

import org.springframework.modulith.ApplicationModule;

/**
 * Workflows: experiments in serial and parallel steps, suspends and status checks.
 */
@ApplicationModule(allowedDependencies = {"access", "tenancy", "event", "experiment", "run", "stopcondition", "common"})
package io.chaosplane.controlplane.workflow;

import org.springframework.modulith.ApplicationModule;

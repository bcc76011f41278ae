/**
 * The web UI's pages; it uses the features' services as the REST API does.
 */
@ApplicationModule(
        allowedDependencies = {
            "access",
            "tenancy",
            "auth",
            "event",
            "experiment",
            "infra",
            "policy",
            "run",
            "schedule",
            "workflow",
            "halt",
            "topology",
            "discovery",
            "hub",
            "common"
        })
package io.chaosplane.controlplane.web;

import org.springframework.modulith.ApplicationModule;

package io.chaosplane.controlplane;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages use only the features their {@code package-info.java} allows, and none of them in a cycle:
 * an arrow the design does not allow fails the build.
 */
class ModulesTest {

    @Test
    void featuresUseOnlyTheFeaturesTheyDeclare() {
        ApplicationModules.of(ControlPlaneApplication.class).verify();
    }
}

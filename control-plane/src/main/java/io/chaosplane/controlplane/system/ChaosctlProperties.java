package io.chaosplane.controlplane.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the control plane finds chaosctl to serve it.
 *
 * @param jar the runnable jar, served at {@code /downloads/chaosctl.jar}
 * @param launcher the launcher script, served at {@code /downloads/chaosctl}
 */
@ConfigurationProperties("chaosplane.chaosctl")
record ChaosctlProperties(
        @DefaultValue("cli/target/chaosctl.jar") String jar,
        @DefaultValue("bin/chaosctl") String launcher) {}

package io.chaosplane.controlplane.hub;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reading hubs.
 *
 * @param allowLocalRepositories hubs may be Git repositories on the control plane's own disk ({@code file://}):
 *     off in production, where it would let an account admin read repositories of the host
 * @param timeout how long one read of a hub (a clone, or the index and every package over HTTP) may take
 * @param maxPackages packages one hub may hold
 * @param maxPackageBytes size of one package file at most
 */
@ConfigurationProperties("chaosplane.hub")
record HubProperties(
        @DefaultValue("false") boolean allowLocalRepositories,
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("200") int maxPackages,
        @DefaultValue("262144") int maxPackageBytes) {}

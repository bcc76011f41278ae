package io.chaosplane.controlplane.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first administrator, made on the first start of an empty database.
 *
 * @param adminEmail how the first administrator signs in
 * @param adminPassword their password; when empty one is generated and printed once to the log
 * @param accountIdentifier the first account's identifier; when empty one is generated
 * @param accountName the first account's name
 */
@ConfigurationProperties("chaosplane.bootstrap")
record BootstrapProperties(
        @DefaultValue("admin@chaosplane.local") String adminEmail,
        String adminPassword,
        String accountIdentifier,
        @DefaultValue("Default Account") String accountName) {}

/**
 * Shared technical pieces every feature may use: paging, secrets, PostgreSQL notifications, time and YAML.
 */
@ApplicationModule(allowedDependencies = {})
package io.chaosplane.controlplane.common;

import org.springframework.modulith.ApplicationModule;

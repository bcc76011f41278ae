package io.chaosplane.agent.remote;

import io.chaosplane.agent.config.Secret;
import java.net.URI;

/** One task's stream at the log service: base URL ({@code .../log-service}), account, stream key and token. */
public record LogStream(URI serviceUrl, String accountID, String key, Secret token) {}

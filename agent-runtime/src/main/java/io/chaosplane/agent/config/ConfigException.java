package io.chaosplane.agent.config;

/** The agent's configuration is incomplete or wrong; the message says which key and how to fix it. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

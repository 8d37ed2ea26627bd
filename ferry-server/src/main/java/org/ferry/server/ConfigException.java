package org.ferry.server;

/** A configuration value is missing or invalid; the message starts with the key ("http.port: ..."). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String key, String problem) {
        super(key + ": " + problem, null, false, false);
    }
}

package org.ferry.server;

/**
 * A configuration value that must never reach a log or an error message (a webhook URL with a token in it, a
 * password): {@link #toString()} prints a mask, and the value is only read by {@link #reveal()} at the place that
 * uses it. Immutable.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "********";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}

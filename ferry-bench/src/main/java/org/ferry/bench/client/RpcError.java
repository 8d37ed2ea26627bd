package org.ferry.bench.client;

/**
 * A call that failed: the server answered with an error frame ({@code code} is its stable error code), or the
 * connection closed before the answer ({@code code} is {@code CONNECTION_CLOSED}). Carries no stack trace: the
 * bench counts these by code, it never prints them one by one. Immutable.
 */
public final class RpcError extends RuntimeException {
    public static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";

    private final String code;
    private final int retryAfter;

    public RpcError(String code, String message, int retryAfter) {
        super(code + (message == null || message.isEmpty() ? "" : ": " + message), null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public String code() {
        return code;
    }

    /** Seconds the server asked to wait (FLOOD_WAIT), else 0. */
    public int retryAfter() {
        return retryAfter;
    }

    /**
     * True if {@code code} says the server turned the call away, so it had no effect: any error the server answered
     * except {@code INTERNAL} (which "may have been applied", docs/protocol.md). False for a connection that closed
     * before the answer and for the client's own failures, whose outcome on the server is unknown.
     */
    public static boolean refused(String code) {
        return !code.equals("INTERNAL") && !code.equals(CONNECTION_CLOSED) && !code.startsWith("CLIENT_");
    }

    /** The error code behind {@code failure}, unwrapping completion wrappers; {@code CLIENT_<Type>} for others. */
    public static String codeOf(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RpcError e ? e.code : "CLIENT_" + t.getClass().getSimpleName();
    }
}

package org.ferry.protocol;

/**
 * A failure that is reported to the client as an error frame with a stable {@link ErrorCode}.
 * The message is safe to show to the user: it never contains secrets or stack traces.
 */
public final class FerryException extends RuntimeException {
    private final ErrorCode code;
    private final Integer retryAfterSeconds;

    public FerryException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public FerryException(ErrorCode code) {
        this(code, code.description(), null);
    }

    private FerryException(ErrorCode code, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static FerryException floodWait(int retryAfterSeconds) {
        return new FerryException(ErrorCode.FLOOD_WAIT,
                "Too many requests; retry in " + retryAfterSeconds + " s.", retryAfterSeconds);
    }

    public ErrorCode code() {
        return code;
    }

    /** Seconds the client should wait before retrying, for {@link ErrorCode#FLOOD_WAIT}; otherwise null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorBody toBody() {
        return new ErrorBody(code.name(), getMessage(), retryAfterSeconds);
    }
}

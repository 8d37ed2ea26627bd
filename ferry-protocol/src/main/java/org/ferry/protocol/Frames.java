package org.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The frames of the native protocol. A client sends {@link Request}s; the server answers each with a
 * {@link Result} or an {@link Error} carrying the same id, and pushes {@link Push} frames at any time.
 */
public final class Frames {
    private Frames() {
    }

    /** {@code {"id": 7, "method": "messages.send", "params": {...}}}. */
    public record Request(long id, String method, JsonNode params) {
    }

    /** {@code {"id": 7, "result": {...}}}. */
    public record Result(long id, Object result) {
    }

    /** {@code {"id": 7, "error": {"code": ..., "message": ..., "retryAfter": ...}}}; id is null when the
     * request could not be parsed far enough to know it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(Long id, ErrorBody error) {
    }

    /** {@code {"update": {"type": ..., ...}}}. */
    public record Push(Update update) {
    }
}

package org.ferry.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.ferry.protocol.ErrorCode;

/**
 * The HTTP status of each error code on {@code POST /api/{method}}. The body carries the code itself; the status
 * is for proxies, logs and generic HTTP clients. As in Telegram's HTTP API, a refused request is 400 unless it is
 * about the session (401), permissions (403), the method (404), size (413), rate (429) or a server failure (500);
 * so the domain can add codes without touching the gateway. Stateless.
 */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static HttpResponseStatus of(ErrorCode code) {
        return switch (code) {
            case AUTH_KEY_UNREGISTERED, SESSION_REVOKED -> HttpResponseStatus.UNAUTHORIZED;
            case CHAT_WRITE_FORBIDDEN, CHAT_ADMIN_REQUIRED, CHANNEL_PRIVATE, MESSAGE_AUTHOR_REQUIRED ->
                    HttpResponseStatus.FORBIDDEN;
            case METHOD_INVALID -> HttpResponseStatus.NOT_FOUND;
            case FRAME_TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case FLOOD_WAIT -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            default -> HttpResponseStatus.BAD_REQUEST;
        };
    }
}

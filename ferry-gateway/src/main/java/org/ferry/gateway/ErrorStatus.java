package org.ferry.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.ferry.protocol.ErrorCode;

/**
 * The HTTP status of each error code on {@code POST /api/{method}}. The body carries the code itself; the status
 * is for proxies, logs and generic HTTP clients. The switch is exhaustive, so a new code needs a decision here.
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
            case MALFORMED_FRAME, PARAMS_INVALID,
                 PHONE_NUMBER_INVALID, PHONE_CODE_EMPTY, PHONE_CODE_INVALID, PHONE_CODE_EXPIRED,
                 PHONE_NUMBER_UNOCCUPIED, PHONE_NUMBER_OCCUPIED, FIRSTNAME_INVALID, LASTNAME_INVALID,
                 USERNAME_INVALID, USERNAME_OCCUPIED, USERNAME_NOT_OCCUPIED, ABOUT_TOO_LONG, USER_ID_INVALID,
                 PEER_ID_INVALID, CHAT_TITLE_EMPTY, USERS_TOO_MUCH, USER_NOT_PARTICIPANT, USER_ALREADY_PARTICIPANT,
                 MESSAGE_EMPTY, MESSAGE_TOO_LONG, MESSAGE_ID_INVALID, MESSAGE_EDIT_TIME_EXPIRED,
                 MESSAGE_NOT_MODIFIED, SESSION_ID_INVALID -> HttpResponseStatus.BAD_REQUEST;
        };
    }
}

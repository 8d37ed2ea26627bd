package org.ferry.protocol;

/**
 * Every error a client can receive, by stable name. Names follow Telegram's where one exists; they are
 * part of the protocol, so they are never renamed or reused (add new ones instead). docs/protocol.md
 * lists them all.
 */
public enum ErrorCode {
    // Framing and request shape.
    MALFORMED_FRAME("The frame is not a JSON object of the form {id, method, params}."),
    FRAME_TOO_LARGE("The frame exceeds the size limit."),
    METHOD_INVALID("No such method."),
    PARAMS_INVALID("A parameter is missing, of the wrong type, or out of range."),
    // Sessions.
    AUTH_KEY_UNREGISTERED("The call needs a signed-in session; the token is missing, unknown or revoked."),
    SESSION_REVOKED("This session was terminated."),
    // Login and sign-up.
    PHONE_NUMBER_INVALID("The phone number is not a valid number."),
    PHONE_CODE_EMPTY("No login code was given."),
    PHONE_CODE_INVALID("The login code is wrong."),
    PHONE_CODE_EXPIRED("The login code expired, was used, or had too many wrong tries; request a new one."),
    PHONE_NUMBER_OCCUPIED("An account already has this number."),
    FIRSTNAME_INVALID("The first name is empty or too long."),
    LASTNAME_INVALID("The last name is too long."),
    // Profiles and users.
    USERNAME_INVALID("Usernames are 5-32 characters: letters, digits and underscores, starting with a letter."),
    USERNAME_OCCUPIED("The username is taken."),
    USERNAME_NOT_OCCUPIED("No user or channel has this username."),
    ABOUT_TOO_LONG("The bio or description is too long."),
    USER_ID_INVALID("No such user."),
    // Chats.
    PEER_ID_INVALID("No such chat, or it is not visible to you."),
    CHAT_TITLE_EMPTY("The chat title is empty or too long."),
    CHAT_WRITE_FORBIDDEN("You cannot write in this chat."),
    CHAT_ADMIN_REQUIRED("Only an admin of the chat can do this."),
    CHANNEL_PRIVATE("You are not a member of this chat."),
    USERS_TOO_MUCH("The chat has reached its member limit."),
    USER_NOT_PARTICIPANT("The user is not a member of the chat."),
    USER_ALREADY_PARTICIPANT("The user is already a member of the chat."),
    // Messages.
    MESSAGE_EMPTY("The message is empty."),
    MESSAGE_TOO_LONG("The message is longer than 4096 characters."),
    MESSAGE_ID_INVALID("No such message in this chat."),
    MESSAGE_AUTHOR_REQUIRED("Only the author can do this."),
    MESSAGE_EDIT_TIME_EXPIRED("Messages can be edited for 48 hours."),
    MESSAGE_NOT_MODIFIED("The edit changes nothing."),
    SESSION_ID_INVALID("No such session of yours."),
    // Limits and failures.
    FLOOD_WAIT("Too many requests; retry after the given number of seconds."),
    INTERNAL("The server failed while handling the request; it may have been applied. Retry sends with the same randomId.");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    /** One sentence for people reading docs or logs; the name is the machine-readable part. */
    public String description() {
        return description;
    }
}

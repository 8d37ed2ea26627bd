package org.ferry.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user as another user sees it. {@code phone} is present only for oneself and for users whose number
 * the viewer imported as a contact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(long id, String firstName, String lastName, String username, String bio,
                       String phone, boolean bot, StatusView status) {

    /** Presence: online now, or when the user was last seen (epoch seconds). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusView(boolean online, Long lastSeen) {
    }
}

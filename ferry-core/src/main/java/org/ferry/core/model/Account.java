package org.ferry.core.model;

/**
 * A registered user. {@code phone} is E.164; {@code username} keeps the owner's casing (uniqueness is
 * case-insensitive, see {@link org.ferry.core.store.UsernameStore}). Immutable.
 */
public record Account(long id, String phone, String firstName, String lastName, String username, String bio,
                      boolean bot, long createdAt) {

    public Account withProfile(String firstName, String lastName, String bio) {
        return new Account(id, phone, firstName, lastName, username, bio, bot, createdAt);
    }

    public Account withUsername(String username) {
        return new Account(id, phone, firstName, lastName, username, bio, bot, createdAt);
    }
}

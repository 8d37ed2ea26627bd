package org.ferry.core.model;

/** A member's rights in a chat. */
public enum Role {
    CREATOR,
    ADMIN,
    MEMBER;

    public boolean isAdmin() {
        return this != MEMBER;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.ferry.core.model;

/** Who holds a username: a user or a chat (public channels and supergroups share the namespace). */
public record UsernameOwner(long id, Kind kind) {
    public enum Kind { USER, CHAT }
}

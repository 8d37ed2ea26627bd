package org.ferry.core.model;

/** The kinds of chat. Every kind is one message log; they differ in who may write and in fan-out. */
public enum ChatType {
    PRIVATE(2),
    GROUP(200),
    SUPERGROUP(200_000),
    CHANNEL(Integer.MAX_VALUE);

    private final int maxMembers;

    ChatType(int maxMembers) {
        this.maxMembers = maxMembers;
    }

    public int maxMembers() {
        return maxMembers;
    }

    /**
     * Small chats write a feed pointer for every member on every change; large ones write none, and
     * their members learn of changes by push and by the batched heads query (DESIGN §2).
     */
    public boolean isLarge() {
        return this == SUPERGROUP || this == CHANNEL;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

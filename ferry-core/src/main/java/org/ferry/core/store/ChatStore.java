package org.ferry.core.store;

import java.util.List;
import java.util.Optional;
import org.ferry.core.model.Chat;
import org.ferry.core.model.Member;

/**
 * Chat records and their member lists (the chat partition). Membership here is the source of truth;
 * {@link MembershipStore} is the user-side mirror. Thread-safe.
 */
public interface ChatStore {

    void create(Chat chat);

    Optional<Chat> get(long chatId);

    void update(Chat chat);

    /**
     * Maps the unordered pair of users to {@code chatId} unless a private chat already exists for it;
     * returns the id that won. Conditional on the pair.
     */
    long claimPrivateChat(long userA, long userB, long chatId);

    Optional<Long> privateChat(long userA, long userB);

    /** What {@link #addMember(Member, int)} did. */
    enum AddMember { ADDED, ALREADY_MEMBER, FULL }

    /** Adds the member unless the user is already one; keeps the member count. True if added. */
    default boolean addMember(Member member) {
        return addMember(member, Integer.MAX_VALUE) == AddMember.ADDED;
    }

    /**
     * Adds the member unless the user is already one or the chat already has {@code maxMembers}; keeps the member
     * count. The check and the add are one atomic step, so concurrent adds cannot take a chat past its limit.
     */
    AddMember addMember(Member member, int maxMembers);

    /** Replaces an existing member's row (role changes). */
    void updateMember(Member member);

    /** Removes the user; true if the user was a member. */
    boolean removeMember(long chatId, long userId);

    Optional<Member> member(long chatId, long userId);

    /** Members in ascending user id order after {@code afterUserId} (0 for the start), at most {@code limit}. */
    List<Member> members(long chatId, long afterUserId, int limit);

    int memberCount(long chatId);
}

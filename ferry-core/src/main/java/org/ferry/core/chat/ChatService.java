package org.ferry.core.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ferry.core.id.IdGenerator;
import org.ferry.core.model.Account;
import org.ferry.core.model.Chat;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.Member;
import org.ferry.core.model.Message;
import org.ferry.core.model.Role;
import org.ferry.core.model.UserChat;
import org.ferry.core.model.UsernameOwner;
import org.ferry.core.push.PushBus;
import org.ferry.core.push.UpdateSink;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.ChatStore.AddMember;
import org.ferry.core.store.Stores;
import org.ferry.core.user.UserService;
import org.ferry.protocol.ChatView;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Update;

/**
 * Chats and their members: private chats, groups, supergroups and channels; rights are checked on
 * every call. Membership changes are written chat partition first, then the user's own list, and
 * recorded as service messages in the chat's log so every member's devices sync them. Thread-safe.
 */
public final class ChatService {
    public static final int TITLE_MAX = 128;
    public static final int ABOUT_MAX = 255;

    private final Stores stores;
    private final PushBus bus;
    private final LogPublisher publisher;
    private final IdGenerator ids;
    private final Clock clock;

    public ChatService(Stores stores, PushBus bus, LogPublisher publisher, IdGenerator ids, Clock clock) {
        this.stores = stores;
        this.bus = bus;
        this.publisher = publisher;
        this.ids = ids;
        this.clock = clock;
    }

    public Chat chat(long chatId) {
        return stores.chats().get(chatId).orElseThrow(() -> new FerryException(ErrorCode.PEER_ID_INVALID));
    }

    public Optional<Member> member(long chatId, long userId) {
        return stores.chats().member(chatId, userId);
    }

    /** The chat, if {@code userId} may read it: members, and anyone for public supergroups and channels. */
    public Chat readable(long chatId, long userId) {
        Chat chat = chat(chatId);
        if (member(chatId, userId).isEmpty() && !isPublic(chat)) {
            throw new FerryException(ErrorCode.CHANNEL_PRIVATE);
        }
        return chat;
    }

    /** The chat, if {@code userId} may post in it: members, and in channels only admins. */
    public Chat writable(long chatId, long userId) {
        Chat chat = chat(chatId);
        Member m = member(chatId, userId).orElseThrow(() -> new FerryException(ErrorCode.CHAT_WRITE_FORBIDDEN));
        if (chat.type() == ChatType.CHANNEL && !m.role().isAdmin()) {
            throw new FerryException(ErrorCode.CHAT_WRITE_FORBIDDEN);
        }
        return chat;
    }

    public static boolean isPublic(Chat chat) {
        return chat.username() != null && chat.type().isLarge();
    }

    /** The private chat of two users, created on first use. Talking to oneself gives "saved messages". */
    public Chat openPrivate(long userId, long peerId) {
        if (stores.accounts().get(peerId).isEmpty()) {
            throw new FerryException(ErrorCode.USER_ID_INVALID);
        }
        long chatId = stores.chats().privateChat(userId, peerId).orElse(0L);
        if (chatId == 0) {
            long proposed = ids.next();
            // The chat row goes first: if we lose the claim race it is an unreachable orphan, never a dangling pointer.
            stores.chats().create(new Chat(proposed, ChatType.PRIVATE, null, null, null, userId, clock.millis()));
            chatId = stores.chats().claimPrivateChat(userId, peerId, proposed);
        }
        Chat chat = chat(chatId);
        for (long u : new LinkedHashSet<>(List.of(userId, peerId))) {
            if (member(chatId, u).isEmpty()) {
                addMemberRows(chat, u, Role.MEMBER, userId, u == userId ? peerId : userId);
            }
        }
        return chat;
    }

    public Chat createGroup(long creatorId, String title, List<Long> userIds) {
        String t = validTitle(title);
        Set<Long> invited = new LinkedHashSet<>(userIds);
        invited.remove(creatorId);
        if (invited.size() + 1 > ChatType.GROUP.maxMembers()) {
            throw new FerryException(ErrorCode.USERS_TOO_MUCH);
        }
        requireAccounts(invited);
        Chat chat = new Chat(ids.next(), ChatType.GROUP, t, null, null, creatorId, clock.millis());
        stores.chats().create(chat);
        addMemberRows(chat, creatorId, Role.CREATOR, creatorId);
        for (long u : invited) {
            addMemberRows(chat, u, Role.MEMBER, creatorId);
        }
        appendAction(chat, creatorId,
                new Message.Action(Message.ActionType.CREATED, List.copyOf(invited), t), List.of());
        return chat;
    }

    /** Creates a channel, or with {@code megagroup} a supergroup; public when a username is given. */
    public Chat createChannel(long creatorId, String title, String about, String username,
                              boolean megagroup) {
        String t = validTitle(title);
        String a = about == null || about.isBlank() ? null : about.strip();
        if (a != null && a.length() > ABOUT_MAX) {
            throw new FerryException(ErrorCode.ABOUT_TOO_LONG);
        }
        long chatId = ids.next();
        String name = null;
        if (username != null && !username.isBlank()) {
            name = username.strip();
            UserService.validateUsername(name);
            if (!stores.usernames().claim(name, new UsernameOwner(chatId, UsernameOwner.Kind.CHAT))) {
                throw new FerryException(ErrorCode.USERNAME_OCCUPIED);
            }
        }
        Chat chat = new Chat(chatId, megagroup ? ChatType.SUPERGROUP : ChatType.CHANNEL, t, name, a, creatorId,
                clock.millis());
        stores.chats().create(chat);
        addMemberRows(chat, creatorId, Role.CREATOR, creatorId);
        appendAction(chat, creatorId, new Message.Action(Message.ActionType.CREATED, List.of(), t),
                List.of());
        return chat;
    }

    public List<Long> addMembers(long actorId, long chatId, List<Long> userIds) {
        Chat chat = chat(chatId);
        Member actor = member(chatId, actorId).orElseThrow(() -> new FerryException(ErrorCode.CHANNEL_PRIVATE));
        if (chat.type() == ChatType.PRIVATE) {
            throw new FerryException(ErrorCode.PEER_ID_INVALID, "Members cannot be added to a private chat.");
        }
        if (chat.type() != ChatType.GROUP && !actor.role().isAdmin()) {
            throw new FerryException(ErrorCode.CHAT_ADMIN_REQUIRED);
        }
        Set<Long> wanted = new LinkedHashSet<>(userIds);
        if (wanted.isEmpty() || wanted.size() > 200) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "Give 1 to 200 user ids.");
        }
        requireAccounts(wanted);
        wanted.removeIf(u -> member(chatId, u).isPresent());
        if (wanted.isEmpty()) {
            throw new FerryException(ErrorCode.USER_ALREADY_PARTICIPANT);
        }
        // All or nothing when the limit is known to be in the way; a racing add that fills the chat meanwhile
        // stops this call at the limit (the store checks each add atomically), keeping what was added.
        if (stores.chats().memberCount(chatId) + wanted.size() > chat.type().maxMembers()) {
            throw new FerryException(ErrorCode.USERS_TOO_MUCH);
        }
        List<Long> added = new ArrayList<>();
        boolean full = false;
        for (long u : wanted) {
            AddMember result = addMemberRows(chat, u, Role.MEMBER, actorId);
            if (result == AddMember.ADDED) {
                added.add(u);
            } else if (result == AddMember.FULL) {
                full = true;
                break;
            }
        }
        if (added.isEmpty()) {
            throw new FerryException(full ? ErrorCode.USERS_TOO_MUCH : ErrorCode.USER_ALREADY_PARTICIPANT);
        }
        appendAction(chat, actorId, new Message.Action(Message.ActionType.MEMBERS_ADDED, added, null),
                List.of());
        return added;
    }

    public void removeMember(long actorId, long chatId, long userId) {
        Chat chat = chat(chatId);
        Member actor = member(chatId, actorId).orElseThrow(() -> new FerryException(ErrorCode.CHANNEL_PRIVATE));
        if (chat.type() == ChatType.PRIVATE) {
            throw new FerryException(ErrorCode.PEER_ID_INVALID, "Members cannot be removed from a private chat.");
        }
        if (userId == actorId) {
            leave(actorId, chatId);
            return;
        }
        Member target = member(chatId, userId).orElseThrow(() -> new FerryException(ErrorCode.USER_NOT_PARTICIPANT));
        boolean mayRemove = actor.role() == Role.CREATOR
                || (actor.role() == Role.ADMIN && target.role() == Role.MEMBER);
        if (!mayRemove) {
            throw new FerryException(ErrorCode.CHAT_ADMIN_REQUIRED);
        }
        removeMemberRows(chat, userId);
        appendAction(chat, actorId,
                new Message.Action(Message.ActionType.MEMBER_REMOVED, List.of(userId), null), List.of(userId));
    }

    public void leave(long userId, long chatId) {
        Chat chat = chat(chatId);
        if (chat.type() == ChatType.PRIVATE) {
            throw new FerryException(ErrorCode.PEER_ID_INVALID, "A private chat cannot be left.");
        }
        if (member(chatId, userId).isEmpty()) {
            throw new FerryException(ErrorCode.USER_NOT_PARTICIPANT);
        }
        removeMemberRows(chat, userId);
        if (chat.type() != ChatType.CHANNEL) { // channels do not log their subscribers coming and going
            appendAction(chat, userId,
                    new Message.Action(Message.ActionType.MEMBER_LEFT, List.of(userId), null), List.of(userId));
        }
    }

    /** Joins a public supergroup or channel. */
    public Chat join(long userId, long chatId) {
        Chat chat = chat(chatId);
        if (!isPublic(chat)) {
            throw new FerryException(ErrorCode.CHANNEL_PRIVATE);
        }
        if (member(chatId, userId).isPresent()) {
            throw new FerryException(ErrorCode.USER_ALREADY_PARTICIPANT);
        }
        switch (addMemberRows(chat, userId, Role.MEMBER, userId)) {
            case FULL -> throw new FerryException(ErrorCode.USERS_TOO_MUCH);
            case ALREADY_MEMBER -> throw new FerryException(ErrorCode.USER_ALREADY_PARTICIPANT);
            case ADDED -> {
            }
        }
        if (chat.type() != ChatType.CHANNEL) {
            appendAction(chat, userId,
                    new Message.Action(Message.ActionType.MEMBER_JOINED, List.of(userId), null), List.of());
        }
        return chat;
    }

    public Chat setTitle(long actorId, long chatId, String title) {
        Chat chat = chat(chatId);
        Member actor = member(chatId, actorId).orElseThrow(() -> new FerryException(ErrorCode.CHANNEL_PRIVATE));
        if (chat.type() == ChatType.PRIVATE) {
            throw new FerryException(ErrorCode.PEER_ID_INVALID, "A private chat has no title.");
        }
        if (chat.type() != ChatType.GROUP && !actor.role().isAdmin()) {
            throw new FerryException(ErrorCode.CHAT_ADMIN_REQUIRED);
        }
        String t = validTitle(title);
        Chat updated = chat.withTitle(t);
        stores.chats().update(updated);
        appendAction(updated, actorId,
                new Message.Action(Message.ActionType.TITLE_CHANGED, List.of(), t), List.of());
        return updated;
    }

    /**
     * Makes a supergroup or channel public under a username, or private again with an empty one. The chat's live
     * sessions but {@code origin} (which has the result) are told, when the name changed.
     */
    public Chat setUsername(long actorId, long chatId, String username, UpdateSink origin) {
        Chat chat = chat(chatId);
        requireAdmin(chatId, actorId);
        if (!chat.type().isLarge()) {
            throw new FerryException(ErrorCode.PEER_ID_INVALID, "Only supergroups and channels have usernames.");
        }
        UsernameOwner owner = new UsernameOwner(chatId, UsernameOwner.Kind.CHAT);
        String name = username == null ? "" : username.strip();
        if (!name.isEmpty()) {
            UserService.validateUsername(name);
            if (!stores.usernames().claim(name, owner)) {
                throw new FerryException(ErrorCode.USERNAME_OCCUPIED);
            }
        }
        Chat updated = chat.withUsername(name.isEmpty() ? null : name);
        stores.chats().update(updated);
        if (chat.username() != null && !chat.username().equalsIgnoreCase(name)) {
            stores.usernames().release(chat.username(), owner);
        }
        if (!Objects.equals(chat.username(), updated.username())) {
            publisher.ephemeral(updated, new Update.ChatUsernameChanged(chatId, updated.username()), origin);
        }
        return updated;
    }

    /**
     * The creator makes a member an admin or a member again (the creator's own role never changes). When a role
     * changed, the member's sessions and the creator's other sessions are told.
     */
    public void setAdmin(long actorId, long chatId, long userId, boolean admin, UpdateSink origin) {
        Chat chat = chat(chatId);
        Member actor = member(chatId, actorId).orElseThrow(() -> new FerryException(ErrorCode.CHANNEL_PRIVATE));
        if (actor.role() != Role.CREATOR || chat.type() == ChatType.PRIVATE) {
            throw new FerryException(ErrorCode.CHAT_ADMIN_REQUIRED);
        }
        Member target = member(chatId, userId).orElseThrow(() -> new FerryException(ErrorCode.USER_NOT_PARTICIPANT));
        Role role = admin ? Role.ADMIN : Role.MEMBER;
        if (target.role() != Role.CREATOR && target.role() != role) {
            stores.chats().updateMember(target.withRole(role));
            bus.toUsers(List.of(userId, actorId), new Update.RoleChanged(chatId, userId, role.wireName()), origin);
        }
    }

    /** Members of a chat, paged by user id; in channels only admins may list subscribers. */
    public List<Member> members(long viewerId, long chatId, long afterUserId, int limit) {
        Chat chat = chat(chatId);
        Member viewer = member(chatId, viewerId).orElseThrow(() -> new FerryException(ErrorCode.CHANNEL_PRIVATE));
        if (chat.type() == ChatType.CHANNEL && !viewer.role().isAdmin()) {
            throw new FerryException(ErrorCode.CHAT_ADMIN_REQUIRED);
        }
        return stores.chats().members(chatId, afterUserId, Math.max(1, Math.min(limit, 200)));
    }

    public ChatView view(long viewerId, Chat chat) {
        Role role = member(chat.id(), viewerId).map(Member::role).orElse(null);
        long head = stores.log().head(chat.id());
        int count = stores.chats().memberCount(chat.id());
        if (chat.type() == ChatType.PRIVATE) {
            long peer = privatePeer(chat.id(), viewerId);
            Account a = stores.accounts().get(peer).orElse(null);
            String title = a == null ? "Deleted account"
                    : a.lastName() == null ? a.firstName() : a.firstName() + " " + a.lastName();
            return new ChatView(chat.id(), chat.type().wireName(), title, a == null ? null : a.username(), null, peer,
                    count, role == null ? null : role.wireName(), head, chat.createdAt() / 1000);
        }
        return new ChatView(chat.id(), chat.type().wireName(), chat.title(), chat.username(), chat.about(), null,
                count, role == null ? null : role.wireName(), head, chat.createdAt() / 1000);
    }

    /** The other member of a private chat (the viewer itself for "saved messages"). */
    public long privatePeer(long chatId, long viewerId) {
        for (Member m : stores.chats().members(chatId, 0, 2)) {
            if (m.userId() != viewerId) {
                return m.userId();
            }
        }
        return viewerId;
    }

    private void requireAdmin(long chatId, long userId) {
        Member m = member(chatId, userId).orElseThrow(() -> new FerryException(ErrorCode.CHANNEL_PRIVATE));
        if (!m.role().isAdmin()) {
            throw new FerryException(ErrorCode.CHAT_ADMIN_REQUIRED);
        }
    }

    private void requireAccounts(Set<Long> userIds) {
        if (stores.accounts().getAll(userIds).size() != userIds.size()) {
            throw new FerryException(ErrorCode.USER_ID_INVALID);
        }
    }

    private static String validTitle(String title) {
        String t = title == null ? "" : title.strip();
        if (t.isEmpty() || t.length() > TITLE_MAX) {
            throw new FerryException(ErrorCode.CHAT_TITLE_EMPTY);
        }
        return t;
    }

    /**
     * Chat partition first (the truth), then the user's list, then live subscriptions. The store checks the chat
     * type's member limit atomically with the add; the user's list is written for an existing member too,
     * repairing an add that died between the two.
     */
    private AddMember addMemberRows(Chat chat, long userId, Role role, long inviterId) {
        return addMemberRows(chat, userId, role, inviterId, 0);
    }

    /** {@code peerId}: in a private chat, the other member, kept in the user's row of it. */
    private AddMember addMemberRows(Chat chat, long userId, Role role, long inviterId, long peerId) {
        long now = clock.millis();
        AddMember result = stores.chats().addMember(new Member(chat.id(), userId, role, now, inviterId),
                chat.type().maxMembers());
        if (result == AddMember.FULL) {
            return result;
        }
        stores.memberships().add(userId, new UserChat(chat.id(), chat.type(), now, peerId));
        if (result == AddMember.ADDED && chat.type().isLarge()) {
            bus.subscribe(userId, chat.id());
        }
        return result;
    }

    /** The reverse order of {@link #addMemberRows}: the chat partition decides, the user's list follows. */
    private void removeMemberRows(Chat chat, long userId) {
        stores.chats().removeMember(chat.id(), userId);
        stores.memberships().remove(userId, chat.id());
        if (chat.type().isLarge()) {
            bus.unsubscribe(userId, chat.id());
        }
    }

    private void appendAction(Chat chat, long actorId, Message.Action action, List<Long> extraUsers) {
        Message draft = new Message(chat.id(), 0, actorId, clock.millis() / 1000, null, null, null, null, action, 0);
        publisher.append(chat, new ChatLogStore.Change.Post(draft), extraUsers, null);
    }
}

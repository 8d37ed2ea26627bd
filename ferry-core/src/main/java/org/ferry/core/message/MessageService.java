package org.ferry.core.message;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ferry.core.chat.ChatService;
import org.ferry.core.chat.LogPublisher;
import org.ferry.core.limit.RateLimit;
import org.ferry.core.limit.RateLimiter;
import org.ferry.core.model.Chat;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.Dialog;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Member;
import org.ferry.core.model.Message;
import org.ferry.core.model.Session;
import org.ferry.core.push.PushBus;
import org.ferry.core.push.UpdateSink;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.ChatLogStore.AppendResult;
import org.ferry.core.store.Stores;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Update;

/**
 * Sending, forwarding, editing and deleting messages, history, read receipts and typing. Every change
 * is one append to the chat's log; the result goes back only after the append is durable and published.
 * Thread-safe.
 */
public final class MessageService {
    public static final int TEXT_MAX = 4096;
    public static final Duration EDIT_WINDOW = Duration.ofHours(48);
    public static final int HISTORY_MAX = 100;
    private static final long TYPING_INTERVAL_MS = 3_000;
    private static final int UNREAD_SCAN = 1_000;

    /** A page of history: {@code nextBeforeId} continues it, null at the start of the chat. */
    public record HistoryPage(List<Message> messages, Long nextBeforeId) {
    }

    private final Stores stores;
    private final ChatService chats;
    private final LogPublisher publisher;
    private final PushBus bus;
    private final RateLimiter limiter;
    private final Clock clock;
    private final Map<String, Long> lastTyping = new ConcurrentHashMap<>();

    public MessageService(Stores stores, ChatService chats, LogPublisher publisher, PushBus bus, RateLimiter limiter,
                          Clock clock) {
        this.stores = stores;
        this.chats = chats;
        this.publisher = publisher;
        this.bus = bus;
        this.limiter = limiter;
        this.clock = clock;
    }

    public Message send(Session session, UpdateSink origin, long chatId, String text, long randomId, Long replyToId) {
        validateText(text);
        limiter.acquire(RateLimit.SEND_PER_USER, Long.toString(session.userId()));
        Chat chat = chats.writable(chatId, session.userId());
        if (replyToId != null && stores.log().message(chatId, replyToId).isEmpty()) {
            throw new FerryException(ErrorCode.MESSAGE_ID_INVALID, "The message replied to does not exist.");
        }
        Message draft = new Message(chatId, 0, session.userId(), clock.millis() / 1000, text, replyToId, null, null,
                null, randomId);
        return post(chat, draft, origin);
    }

    /** Forwards messages, in the order given, as new messages of the target chat. */
    public List<Message> forward(Session session, UpdateSink origin, long fromChatId, List<Long> messageIds, long toChatId,
                                 long randomId) {
        if (messageIds.isEmpty() || messageIds.size() > 100) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "Forward 1 to 100 messages at a time.");
        }
        chats.readable(fromChatId, session.userId());
        Chat target = chats.writable(toChatId, session.userId());
        List<Message> originals = new ArrayList<>();
        for (long id : messageIds) {
            Message m = stores.log().message(fromChatId, id)
                    .filter(x -> x.action() == null)
                    .orElseThrow(() -> new FerryException(ErrorCode.MESSAGE_ID_INVALID, "No message " + id + " to forward."));
            originals.add(m);
        }
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            limiter.acquire(RateLimit.SEND_PER_USER, Long.toString(session.userId()));
            Message m = originals.get(i);
            Message.Forward source = m.forward() != null ? m.forward()
                    : new Message.Forward(m.chatId(), m.id(), m.senderId(), m.date());
            Message draft = new Message(toChatId, 0, session.userId(), clock.millis() / 1000, m.text(), null, source,
                    null, null, randomId == 0 ? 0 : randomId + i);
            sent.add(post(target, draft, origin));
        }
        return sent;
    }

    public Message edit(Session session, long chatId, long messageId, String text) {
        validateText(text);
        Chat chat = chats.writable(chatId, session.userId());
        Message m = stores.log().message(chatId, messageId)
                .orElseThrow(() -> new FerryException(ErrorCode.MESSAGE_ID_INVALID));
        if (m.senderId() != session.userId() || m.action() != null) {
            throw new FerryException(ErrorCode.MESSAGE_AUTHOR_REQUIRED);
        }
        long now = clock.millis() / 1000;
        if (now - m.date() > EDIT_WINDOW.toSeconds()) {
            throw new FerryException(ErrorCode.MESSAGE_EDIT_TIME_EXPIRED);
        }
        if (text.equals(m.text())) {
            throw new FerryException(ErrorCode.MESSAGE_NOT_MODIFIED);
        }
        // The author's connection is told too: the edit's seq is not in the result, and its log must stay gapless.
        AppendResult result = publisher.append(chat, new ChatLogStore.Change.Edit(messageId, text, now), List.of(), null);
        if (result instanceof AppendResult.Appended(LogEntry.Edited entry)) {
            return entry.message();
        }
        throw new FerryException(ErrorCode.MESSAGE_ID_INVALID, "The message was deleted meanwhile.");
    }

    /**
     * Deletes for everyone (authors, admins of groups and channels, and either side of a private chat)
     * or only for the caller. Returns the chat's seq of the deletion, or 0 for a delete "for me".
     */
    public long delete(Session session, UpdateSink origin, long chatId, List<Long> messageIds, boolean forEveryone) {
        if (messageIds.isEmpty() || messageIds.size() > 100) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "Delete 1 to 100 messages at a time.");
        }
        Set<Long> ids = new LinkedHashSet<>(messageIds);
        if (!forEveryone) {
            chats.readable(chatId, session.userId());
            stores.dialogs().hide(session.userId(), chatId, ids);
            bus.toUsers(List.of(session.userId()), new Update.DeletedForMe(chatId, List.copyOf(ids)), origin);
            return 0;
        }
        Chat chat = chats.chat(chatId);
        Member me = chats.member(chatId, session.userId())
                .orElseThrow(() -> new FerryException(ErrorCode.CHAT_WRITE_FORBIDDEN));
        boolean moderator = chat.type() == ChatType.PRIVATE || me.role().isAdmin();
        for (long id : ids) {
            Message m = stores.log().message(chatId, id)
                    .orElseThrow(() -> new FerryException(ErrorCode.MESSAGE_ID_INVALID, "No message " + id + "."));
            if (!moderator && m.senderId() != session.userId()) {
                throw new FerryException(ErrorCode.MESSAGE_AUTHOR_REQUIRED);
            }
        }
        AppendResult result = publisher.append(chat, new ChatLogStore.Change.Delete(List.copyOf(ids)), List.of(), null);
        if (result instanceof AppendResult.Appended(LogEntry entry)) {
            return entry.seq();
        }
        throw new FerryException(ErrorCode.MESSAGE_ID_INVALID, "The messages were already deleted.");
    }

    public HistoryPage history(long userId, long chatId, Long beforeId, int limit) {
        chats.readable(chatId, userId);
        int n = Math.max(1, Math.min(limit, HISTORY_MAX));
        long before = beforeId == null || beforeId <= 0 ? Long.MAX_VALUE : beforeId;
        List<Message> page = stores.log().history(chatId, before, n);
        if (page.isEmpty()) {
            return new HistoryPage(List.of(), null);
        }
        Set<Long> hidden = stores.dialogs().hidden(userId, chatId, page.getLast().id(), page.getFirst().id());
        List<Message> visible = page.stream().filter(m -> !hidden.contains(m.id())).toList();
        return new HistoryPage(visible, page.size() < n ? null : page.getLast().id());
    }

    /**
     * Marks incoming messages up to {@code maxId} read: the reader's other sessions and, in small chats,
     * the authors of the newly read messages are told. Returns the remaining unread count.
     */
    public int readHistory(Session session, UpdateSink origin, long chatId, long maxId) {
        Chat chat = chats.chat(chatId);
        long userId = session.userId();
        if (chats.member(chatId, userId).isEmpty()) {
            throw new FerryException(ErrorCode.CHANNEL_PRIVATE);
        }
        long head = stores.log().head(chatId);
        long upTo = Math.min(maxId, head);
        long before = stores.dialogs().get(userId, chatId).map(Dialog::readInboxMaxId).orElse(0L);
        Dialog d = stores.dialogs().raiseRead(userId, chatId, upTo, null);
        int unread = unreadCount(userId, chatId, d.readInboxMaxId());
        bus.toUsers(List.of(userId), new Update.ReadInbox(chatId, d.readInboxMaxId(), unread), origin);
        if (upTo > before && !chat.type().isLarge()) {
            Set<Long> authors = new LinkedHashSet<>();
            for (Message m : stores.log().after(chatId, before, UNREAD_SCAN)) {
                if (m.id() > upTo) {
                    break;
                }
                if (m.senderId() != userId && m.action() == null) {
                    authors.add(m.senderId());
                }
            }
            for (long author : authors) {
                Dialog theirs = stores.dialogs().raiseRead(author, chatId, null, upTo);
                bus.toUsers(List.of(author), new Update.ReadOutbox(chatId, theirs.readOutboxMaxId()), null);
            }
        }
        return unread;
    }

    /** Incoming, visible messages after {@code readInboxMaxId}, counted up to a bound. */
    public int unreadCount(long userId, long chatId, long readInboxMaxId) {
        List<Message> after = stores.log().after(chatId, readInboxMaxId, UNREAD_SCAN);
        if (after.isEmpty()) {
            return 0;
        }
        Set<Long> hidden = stores.dialogs().hidden(userId, chatId, after.getFirst().id(), after.getLast().id());
        int n = 0;
        for (Message m : after) {
            if (m.senderId() != userId && m.action() == null && !hidden.contains(m.id())) {
                n++;
            }
        }
        return n;
    }

    /** Tells the chat's live members that the user is typing; repeated calls within 3 s are dropped. */
    public void typing(Session session, UpdateSink origin, long chatId) {
        Chat chat = chats.writable(chatId, session.userId());
        long now = clock.millis();
        String key = session.userId() + ":" + chatId;
        Long last = lastTyping.get(key);
        if (last != null && now - last < TYPING_INTERVAL_MS) {
            return;
        }
        lastTyping.put(key, now);
        if (lastTyping.size() > 100_000) {
            lastTyping.entrySet().removeIf(e -> now - e.getValue() > TYPING_INTERVAL_MS);
        }
        publisher.ephemeral(chat, new Update.Typing(chatId, session.userId()), origin);
    }

    private Message post(Chat chat, Message draft, UpdateSink origin) {
        AppendResult result = publisher.append(chat, new ChatLogStore.Change.Post(draft), List.of(), origin);
        return switch (result) {
            case AppendResult.Appended(LogEntry.Posted entry) -> entry.message();
            case AppendResult.Appended(LogEntry other) -> throw new IllegalStateException("post appended " + other);
            case AppendResult.Duplicate(Message original) -> original; // pushed again: clients drop seqs they have
            case AppendResult.NotFound() -> throw new IllegalStateException("a post cannot be not found");
        };
    }

    private static void validateText(String text) {
        if (text == null || text.isBlank()) {
            throw new FerryException(ErrorCode.MESSAGE_EMPTY);
        }
        if (text.codePointCount(0, text.length()) > TEXT_MAX) {
            throw new FerryException(ErrorCode.MESSAGE_TOO_LONG);
        }
    }
}

package org.ferry.core.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ferry.core.chat.ChatService;
import org.ferry.core.chat.Views;
import org.ferry.core.id.IdGenerator;
import org.ferry.core.message.MessageService;
import org.ferry.core.model.Chat;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.Dialog;
import org.ferry.core.model.FeedEntry;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.model.UserChat;
import org.ferry.core.store.Stores;
import org.ferry.protocol.DialogView;
import org.ferry.protocol.Update;

/**
 * How a client catches up (DESIGN §2): the feed of changed small chats since a token, the difference
 * of one chat after a seq, the heads of the user's large chats, and the dialog list. Thread-safe.
 */
public final class SyncService {
    /** Beyond this many entries behind, a client reloads recent history instead of replaying. */
    public static final int TOO_LONG = 1_000;
    public static final int DIFFERENCE_MAX = 500;
    public static final int FEED_MAX = 1_000;
    /**
     * Feed ids are allocated before their entries are written, so an entry can land behind a token a
     * reader already has. The token handed out never passes entries younger than this window; their
     * re-delivery is harmless because clients apply chat changes by seq.
     */
    static final long FEED_SETTLE_MS = 2_000;

    public record FeedPage(List<FeedEntry> entries, long token, boolean more) {
    }

    /** {@code updates} after the asked seq up to {@code seq}; or {@code tooLong} with the head. */
    public record Difference(long chatId, List<Update.ChatLog> updates, long seq, boolean more, boolean tooLong) {
    }

    private final Stores stores;
    private final ChatService chats;
    private final MessageService messages;
    private final Clock clock;

    public SyncService(Stores stores, ChatService chats, MessageService messages, Clock clock) {
        this.stores = stores;
        this.chats = chats;
        this.messages = messages;
        this.clock = clock;
    }

    /** The feed token to start from now: the feed's current end (respecting the settle window). */
    public long state(long userId) {
        long last = stores.feed().last(userId);
        return Math.min(last, IdGenerator.floorAt(clock.millis() - FEED_SETTLE_MS));
    }

    public FeedPage feed(long userId, long afterToken, int limit) {
        int n = Math.max(1, Math.min(limit, FEED_MAX));
        List<FeedEntry> entries = stores.feed().since(userId, afterToken, n);
        long settled = IdGenerator.floorAt(clock.millis() - FEED_SETTLE_MS);
        long token = afterToken;
        for (FeedEntry e : entries) {
            if (e.id() <= settled) {
                token = e.id();
            }
        }
        return new FeedPage(entries, token, entries.size() == n);
    }

    public Difference difference(long userId, long chatId, long afterSeq, int limit) {
        chats.readable(chatId, userId);
        long head = stores.log().head(chatId);
        if (head - afterSeq > TOO_LONG) {
            return new Difference(chatId, List.of(), head, false, true);
        }
        int n = Math.max(1, Math.min(limit, DIFFERENCE_MAX));
        List<LogEntry> entries = stores.log().read(chatId, afterSeq, n);
        if (entries.isEmpty()) {
            return new Difference(chatId, List.of(), Math.max(afterSeq, 0), false, false);
        }
        long last = entries.getLast().seq();
        Set<Long> hidden = stores.dialogs().hidden(userId, chatId, 0, last);
        List<Update.ChatLog> updates = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            LogEntry current = currentState(e);
            if (current == null) {
                continue; // deleted for everyone since: its text is not handed out again
            }
            if (current instanceof LogEntry.Posted p && hidden.contains(p.message().id())
                    || current instanceof LogEntry.Edited ed && hidden.contains(ed.message().id())) {
                continue;
            }
            updates.add(Views.update(current));
        }
        return new Difference(chatId, updates, last, last < head, false);
    }

    /**
     * The entry as a client should see it now: a post or edit carries the message's current text (so a
     * replay never resurrects text that was edited away), and nothing at all once the message is deleted.
     * The seq is kept, so the client's log stays gapless.
     */
    private LogEntry currentState(LogEntry e) {
        return switch (e) {
            case LogEntry.Posted p -> stores.log().message(p.chatId(), p.message().id())
                    .map(m -> (LogEntry) new LogEntry.Posted(p.chatId(), p.seq(), m)).orElse(null);
            case LogEntry.Edited ed -> stores.log().message(ed.chatId(), ed.message().id())
                    .map(m -> (LogEntry) new LogEntry.Edited(ed.chatId(), ed.seq(), m)).orElse(null);
            case LogEntry.Deleted d -> d;
        };
    }

    /** Current seqs of the user's large chats (supergroups and channels), which write no feed pointers. */
    public Map<Long, Long> heads(long userId) {
        List<Long> large = stores.memberships().chats(userId).stream()
                .filter(c -> c.type().isLarge()).map(UserChat::chatId).toList();
        return stores.log().heads(large);
    }

    /** The user's chat list, pinned first, then by latest message; private chats appear once they have messages. */
    public List<DialogView> dialogs(long userId) {
        List<UserChat> mine = stores.memberships().chats(userId);
        List<Long> chatIds = mine.stream().map(UserChat::chatId).toList();
        Map<Long, Dialog> dialogs = stores.dialogs().getAll(userId, chatIds);
        List<DialogView> out = new ArrayList<>();
        for (UserChat uc : mine) {
            var chatOpt = stores.chats().get(uc.chatId());
            if (chatOpt.isEmpty() || chats.member(uc.chatId(), userId).isEmpty()) {
                continue; // a half-written join or leave; the chat partition decides
            }
            Chat chat = chatOpt.get();
            Message top = topMessage(userId, chat.id());
            if (top == null && chat.type() == ChatType.PRIVATE) {
                continue;
            }
            Dialog d = dialogs.getOrDefault(chat.id(), Dialog.empty(userId, chat.id()));
            int unread = messages.unreadCount(userId, chat.id(), d.readInboxMaxId());
            out.add(new DialogView(chats.view(userId, chat), top == null ? null : Views.message(top),
                    d.readInboxMaxId(), d.readOutboxMaxId(), unread, d.pinned(), d.muted()));
        }
        out.sort(Comparator.comparing((DialogView v) -> !v.pinned())
                .thenComparing((DialogView v) -> v.topMessage() == null ? v.chat().date() : v.topMessage().date(),
                        Comparator.reverseOrder())
                .thenComparing(v -> v.chat().id(), Comparator.reverseOrder()));
        return out;
    }

    public DialogView dialog(long userId, long chatId) {
        Chat chat = chats.readable(chatId, userId);
        Dialog d = stores.dialogs().get(userId, chatId).orElse(Dialog.empty(userId, chatId));
        Message top = topMessage(userId, chatId);
        return new DialogView(chats.view(userId, chat), top == null ? null : Views.message(top), d.readInboxMaxId(),
                d.readOutboxMaxId(), messages.unreadCount(userId, chatId, d.readInboxMaxId()), d.pinned(), d.muted());
    }

    private Message topMessage(long userId, long chatId) {
        List<Message> recent = stores.log().history(chatId, Long.MAX_VALUE, 20);
        if (recent.isEmpty()) {
            return null;
        }
        Set<Long> hidden = stores.dialogs().hidden(userId, chatId, recent.getLast().id(), recent.getFirst().id());
        return recent.stream().filter(m -> !hidden.contains(m.id())).findFirst().orElse(null);
    }
}

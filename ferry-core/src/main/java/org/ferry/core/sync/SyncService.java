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

    /**
     * Where a page of the chat list starts: after the dialog with this key, in the list's order (pinned first,
     * then newer first by {@code date}, the top message's date in seconds or the chat's creation date, then
     * higher chat id first). A client takes it from the last dialog of the page before.
     */
    public record DialogOffset(boolean pinned, long date, long chatId) {
        /** The list's order: a key that comes earlier in the list compares as smaller. */
        static final Comparator<DialogOffset> ORDER = Comparator.comparing((DialogOffset k) -> !k.pinned())
                .thenComparing(DialogOffset::date, Comparator.reverseOrder())
                .thenComparing(DialogOffset::chatId, Comparator.reverseOrder());
    }

    /** The most dialogs one {@link #dialogs} call returns. */
    public static final int DIALOGS_MAX = 100;

    private record Ranked(DialogOffset key, Chat chat, Message top) {
    }

    /**
     * A page of the user's chat list, in {@link DialogOffset#ORDER}, starting after {@code after} (null: from the
     * top); private chats appear once they have messages. The page is full ({@code limit}, clamped to 1–100)
     * unless the list ends. Ranking costs one newest-message read per chat; the page's dialogs alone pay for
     * their unread counts and views, so a user in thousands of chats costs a bounded amount per call.
     */
    public List<DialogView> dialogs(long userId, DialogOffset after, int limit) {
        int n = Math.max(1, Math.min(limit, DIALOGS_MAX));
        List<UserChat> mine = stores.memberships().chats(userId);
        Map<Long, Dialog> dialogs = stores.dialogs().getAll(userId, mine.stream().map(UserChat::chatId).toList());
        List<Ranked> ranked = new ArrayList<>(mine.size());
        for (UserChat uc : mine) {
            Chat chat = stores.chats().get(uc.chatId()).orElse(null);
            if (chat == null) {
                continue;
            }
            Message top = topMessage(userId, chat.id());
            if (top == null && chat.type() == ChatType.PRIVATE) {
                continue;
            }
            Dialog d = dialogs.get(chat.id());
            var key = new DialogOffset(d != null && d.pinned(), top == null ? chat.createdAt() / 1000 : top.date(),
                    chat.id());
            if (after == null || DialogOffset.ORDER.compare(key, after) > 0) {
                ranked.add(new Ranked(key, chat, top));
            }
        }
        ranked.sort(Comparator.comparing(Ranked::key, DialogOffset.ORDER));
        List<DialogView> out = new ArrayList<>(Math.min(n, ranked.size()));
        for (Ranked r : ranked) {
            if (out.size() == n) {
                break;
            }
            long chatId = r.chat().id();
            if (chats.member(chatId, userId).isEmpty()) {
                continue; // a half-written join or leave; the chat partition decides
            }
            Dialog d = dialogs.getOrDefault(chatId, Dialog.empty(userId, chatId));
            int unread = messages.unreadCount(userId, chatId, d.readInboxMaxId());
            out.add(new DialogView(chats.view(userId, r.chat()), r.top() == null ? null : Views.message(r.top()),
                    d.readInboxMaxId(), d.readOutboxMaxId(), unread, d.pinned(), d.muted()));
        }
        return out;
    }

    public DialogView dialog(long userId, long chatId) {
        Chat chat = chats.readable(chatId, userId);
        Dialog d = stores.dialogs().get(userId, chatId).orElse(Dialog.empty(userId, chatId));
        Message top = topMessage(userId, chatId);
        return new DialogView(chats.view(userId, chat), top == null ? null : Views.message(top), d.readInboxMaxId(),
                d.readOutboxMaxId(), messages.unreadCount(userId, chatId, d.readInboxMaxId()), d.pinned(), d.muted());
    }

    /** The newest message not hidden for the user: usually one read; a page of 20 when the newest is hidden. */
    private Message topMessage(long userId, long chatId) {
        List<Message> newest = stores.log().history(chatId, Long.MAX_VALUE, 1);
        if (newest.isEmpty()) {
            return null;
        }
        Message first = newest.getFirst();
        if (!stores.dialogs().hidden(userId, chatId, first.id(), first.id()).contains(first.id())) {
            return first;
        }
        List<Message> recent = stores.log().history(chatId, first.id(), 20);
        if (recent.isEmpty()) {
            return null;
        }
        Set<Long> hidden = stores.dialogs().hidden(userId, chatId, recent.getLast().id(), recent.getFirst().id());
        return recent.stream().filter(m -> !hidden.contains(m.id())).findFirst().orElse(null);
    }
}

package org.ferry.core.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ferry.core.id.IdGenerator;
import org.ferry.core.model.Chat;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Member;
import org.ferry.core.model.Message;
import org.ferry.core.push.PushBus;
import org.ferry.core.push.UpdateSink;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.ChatLogStore.AppendResult;
import org.ferry.core.store.ChatLogStore.FeedPointers;
import org.ferry.core.store.Stores;
import org.ferry.protocol.Update;

/**
 * Every change to a chat goes through here: one append to the chat's log that also writes a feed pointer for
 * every member of a small chat (and for any extra user to tell), then a push to the live sessions (per user for
 * small chats, per chat for large ones). The pointers are part of the append's one durable write, so an
 * acknowledged change is always findable by sync, and the push follows it at once. A chat's pushes go out in seq
 * order ({@link OrderedPushes}). Callers return their result only after this returns, and by then its push has
 * been made. Thread-safe.
 */
public final class LogPublisher {
    private static final int PAGE = 500;

    private final Stores stores;
    private final PushBus bus;
    private final IdGenerator ids;
    private final OrderedPushes ordered = new OrderedPushes();

    public LogPublisher(Stores stores, PushBus bus, IdGenerator ids) {
        this.stores = stores;
        this.bus = bus;
        this.ids = ids;
    }

    /**
     * Appends {@code change} and publishes what it appended. A retried post ({@link AppendResult.Duplicate}) is
     * pushed again, since the first attempt may have died between its append and its push; its feed pointers
     * were written with it.
     *
     * @param extraUsers users to tell besides the members (a member just removed), may be empty
     * @param except the author's connection, which learns from its result instead (null: none)
     */
    public AppendResult append(Chat chat, ChatLogStore.Change change, Collection<Long> extraUsers, UpdateSink except) {
        Collection<Long> audience;
        if (chat.type().isLarge()) {
            audience = extraUsers;
        } else {
            Set<Long> users = new LinkedHashSet<>(memberIds(chat.id()));
            users.addAll(extraUsers);
            audience = users;
        }
        FeedPointers pointers = audience.isEmpty() ? FeedPointers.NONE : new FeedPointers(audience, ids.next());
        AppendResult result;
        try (OrderedPushes.Outbox outbox = ordered.open(chat.id())) {
            try {
                result = stores.log().append(chat.id(), change, pointers,
                        entry -> outbox.add(() -> push(chat, Views.update(entry), audience, except)));
            } finally {
                outbox.pushAll(); // this append's push, and any appended before it and not yet pushed
            }
        }
        if (result instanceof AppendResult.Duplicate(Message original)) {
            // An old entry again, for whoever missed it: its place in the order was taken the first time.
            push(chat, Views.update(new LogEntry.Posted(chat.id(), original.id(), original)), audience, except);
        }
        return result;
    }

    private void push(Chat chat, Update update, Collection<Long> audience, UpdateSink except) {
        if (!audience.isEmpty()) {
            bus.toUsers(audience, update, except);
        }
        if (chat.type().isLarge()) {
            bus.toChat(chat.id(), update, except);
        }
    }

    /** All member ids of a chat; meant for small chats (at most a few hundred). */
    public List<Long> memberIds(long chatId) {
        List<Long> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Member> page = stores.chats().members(chatId, after, PAGE);
            for (Member m : page) {
                out.add(m.userId());
            }
            if (page.size() < PAGE) {
                return out;
            }
            after = page.getLast().userId();
        }
    }

    /** Pushes an ephemeral update (typing) to a chat's live members, except one connection. */
    public void ephemeral(Chat chat, Update update, UpdateSink except) {
        if (chat.type().isLarge()) {
            bus.toChat(chat.id(), update, except);
        } else {
            bus.toUsers(memberIds(chat.id()), update, except);
        }
    }
}

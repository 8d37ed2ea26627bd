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
import org.ferry.core.push.PushBus;
import org.ferry.core.push.UpdateSink;
import org.ferry.core.store.Stores;
import org.ferry.protocol.Update;

/**
 * Tells the world about a committed log entry: a push to the live sessions (per user for small chats,
 * per chat for large ones), then a feed pointer for every member of a small chat. Runs after the entry
 * is durable and completes before the author gets its result, so an acknowledged change is always
 * findable by sync. Thread-safe.
 */
public final class LogPublisher {
    private static final int PAGE = 500;

    private final Stores stores;
    private final PushBus bus;
    private final IdGenerator ids;

    public LogPublisher(Stores stores, PushBus bus, IdGenerator ids) {
        this.stores = stores;
        this.bus = bus;
        this.ids = ids;
    }

    /**
     * @param extraUsers users to tell besides the members (a member just removed), may be empty
     * @param except the author's connection, which learns from its result instead (null: none)
     */
    public void publish(Chat chat, LogEntry entry, Collection<Long> extraUsers, UpdateSink except) {
        Update update = Views.update(entry);
        if (chat.type().isLarge()) {
            if (!extraUsers.isEmpty()) {
                stores.feed().append(extraUsers, ids.next(), chat.id(), entry.seq());
                bus.toUsers(extraUsers, update, except);
            }
            bus.toChat(chat.id(), update, except);
            return;
        }
        Set<Long> users = new LinkedHashSet<>(memberIds(chat.id()));
        users.addAll(extraUsers);
        // The entry is durable already: push first, so delivery does not wait for the feed's write round.
        bus.toUsers(users, update, except);
        stores.feed().append(users, ids.next(), chat.id(), entry.seq());
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

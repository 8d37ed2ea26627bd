package org.ferry.core.user;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.Member;
import org.ferry.core.model.UserChat;
import org.ferry.core.push.PushBus;
import org.ferry.core.store.Stores;
import org.ferry.protocol.Update;
import org.ferry.protocol.UserView;

/**
 * Online status and last-seen times. A user is online while at least one connection of theirs is
 * signed in on this node; going online or offline is pushed to the peers of the user's private chats.
 * Going offline stores the time (so it outlives a restart, and costs no memory per user who ever signed in:
 * a sign-up surge leaves millions). Thread-safe.
 */
public final class PresenceService {
    private final Stores stores;
    private final PushBus bus;
    private final Clock clock;
    private final Map<Long, Integer> connections = new ConcurrentHashMap<>();

    public PresenceService(Stores stores, PushBus bus, Clock clock) {
        this.stores = stores;
        this.bus = bus;
        this.clock = clock;
    }

    public void connected(long userId) {
        if (connections.merge(userId, 1, Integer::sum) == 1) {
            broadcast(userId, new Update.UserStatus(userId, true, null));
        }
    }

    public void disconnected(long userId) {
        boolean[] wentOffline = {false};
        connections.computeIfPresent(userId, (k, n) -> {
            wentOffline[0] = n <= 1;
            return n <= 1 ? null : n - 1;
        });
        if (wentOffline[0]) {
            long seen = clock.millis() / 1000;
            stores.accounts().setLastSeen(userId, seen);
            broadcast(userId, new Update.UserStatus(userId, false, seen));
        }
    }

    public UserView.StatusView status(long userId) {
        return statuses(List.of(userId)).get(userId);
    }

    /** The status of each of {@code userIds}: the offline ones' last-seen times in one store read. */
    public Map<Long, UserView.StatusView> statuses(Collection<Long> userIds) {
        Set<Long> offline = new HashSet<>();
        for (long id : userIds) {
            if (!bus.isOnline(id)) {
                offline.add(id);
            }
        }
        Map<Long, Long> seen = offline.isEmpty() ? Map.of() : stores.accounts().lastSeen(offline);
        Map<Long, UserView.StatusView> out = new HashMap<>();
        for (long id : userIds) {
            out.put(id, offline.contains(id) ? new UserView.StatusView(false, seen.get(id))
                    : new UserView.StatusView(true, null));
        }
        return out;
    }

    private void broadcast(long userId, Update update) {
        List<Long> peers = new ArrayList<>();
        for (UserChat chat : stores.memberships().chats(userId)) {
            if (chat.type() == ChatType.PRIVATE && chat.peerId() != 0) {
                if (chat.peerId() != userId) {
                    peers.add(chat.peerId());
                }
            } else if (chat.type() == ChatType.PRIVATE) { // a row from before peer ids were kept
                for (Member m : stores.chats().members(chat.chatId(), 0, 2)) {
                    if (m.userId() != userId) {
                        peers.add(m.userId());
                    }
                }
            }
        }
        bus.toUsers(peers, update, null);
    }
}

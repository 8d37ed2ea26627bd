package org.ferry.store.rocksdb;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.id.IdKeys;
import org.ferry.core.model.Chat;
import org.ferry.core.model.Member;
import org.ferry.core.store.ChatStore;

/**
 * Chat rows in {@code chats}, the private-chat pair index in {@code private_chats}, members in
 * {@code members} and the member count in {@code chat_counters}; member changes update row and count
 * in one batch under the chat's member stripe. Thread-safe.
 *
 * <p>Every message send reads its chat and checks the sender's membership, and a small chat's post reads
 * the whole member list to push and to write feed pointers: three reads through JNI per message (a fifth
 * of the server's CPU in the chat benchmark's profile). So chat rows and the member lists ("rosters") of
 * small chats are cached ({@link RowCache}): rows filled and replaced under the {@code CHAT_ROW} stripe,
 * rosters under the {@code CHAT_MEMBERS} stripe that member changes hold anyway. A chat with more than
 * {@value #ROSTER_MAX} members is cached as {@link Roster#LARGE}, and its membership is read from RocksDB.
 *
 * <p>A large chat's adds (a channel everyone is joining) take its member stripe only to check and count, queue their
 * batch and release it before the batch is on disk, so that joins to one channel share the committer's rounds
 * instead of taking one each. The count of an add builds on the chat's add in flight, which the committer must have
 * written first (see {@link GroupCommitter}); a second add of a user in flight waits for the first. Every other
 * member change, and loading a roster, first waits under the stripe for the chat's adds in flight, then writes
 * holding it.
 */
final class RocksDbChatStore implements ChatStore {
    static final byte MEMBER_COUNT = 'm';
    /** Rosters up to this size are cached whole: every basic group (200) and most supergroups. */
    static final int ROSTER_MAX = 256;
    private static final long CHAT_CACHE_ROWS = 200_000;
    /** Members over all cached rosters (a cached member is ~80 bytes). */
    private static final long ROSTER_CACHE_MEMBERS = 1_000_000;

    /** A small chat's members in ascending user id order, or {@link #LARGE}. Immutable. */
    record Roster(Member[] byUserId) {
        static final Roster LARGE = new Roster(null);

        boolean large() {
            return byUserId == null;
        }

        int weight() {
            return large() ? 1 : 1 + byUserId.length;
        }

        /** Index of the user, or {@code -(insertion point) - 1}. */
        int find(long userId) {
            int lo = 0;
            int hi = byUserId.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long at = byUserId[mid].userId();
                if (at < userId) {
                    lo = mid + 1;
                } else if (at > userId) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }

        Roster with(Member m) {
            int i = find(m.userId());
            if (i >= 0) {
                Member[] copy = byUserId.clone();
                copy[i] = m;
                return new Roster(copy);
            }
            if (byUserId.length >= ROSTER_MAX) {
                return LARGE;
            }
            int at = -i - 1;
            Member[] grown = new Member[byUserId.length + 1];
            System.arraycopy(byUserId, 0, grown, 0, at);
            grown[at] = m;
            System.arraycopy(byUserId, at, grown, at + 1, byUserId.length - at);
            return new Roster(grown);
        }

        Roster without(long userId) {
            int i = find(userId);
            if (i < 0) {
                return this;
            }
            Member[] shrunk = new Member[byUserId.length - 1];
            System.arraycopy(byUserId, 0, shrunk, 0, i);
            System.arraycopy(byUserId, i + 1, shrunk, i, byUserId.length - i - 1);
            return new Roster(shrunk);
        }
    }

    /** A large chat's newest member add, from when it is queued until the committer has settled it. */
    private record Adding(int count, CompletableFuture<Void> done) {
        /** Whether an add may count on it: in flight or durable, not failed. */
        boolean standing() {
            return !done.isCompletedExceptionally();
        }
    }

    private record MemberKey(long chatId, long userId) {
    }

    private final Engine engine;
    /** By {@link IdKeys#of} chat id: each large chat's newest member add in flight. */
    private final ConcurrentHashMap<Long, Adding> adding = new ConcurrentHashMap<>();
    /** Members of large chats being added, so that a second add of one waits for the first and finds it. */
    private final ConcurrentHashMap<MemberKey, CompletableFuture<Void>> membersInFlight = new ConcurrentHashMap<>();
    private final RowCache<Chat> chats = RowCache.ofRows(CHAT_CACHE_ROWS);
    private final RowCache<Roster> rosters = new RowCache<>(ROSTER_CACHE_MEMBERS, Roster::weight);

    RocksDbChatStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void create(Chat chat) {
        update(chat);
    }

    @Override
    public Optional<Chat> get(long chatId) {
        Chat cached = chats.get(chatId);
        if (cached != null) {
            return Optional.of(cached);
        }
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_ROW, chatId);
        lock.lock();
        try {
            Chat chat = chats.get(chatId);
            if (chat == null) {
                byte[] value = engine.get(Family.CHATS, Keys.of(chatId));
                if (value == null) {
                    return Optional.empty();
                }
                chat = Values.chat(value);
                chats.put(chatId, chat);
            }
            return Optional.of(chat);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void update(Chat chat) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_ROW, chat.id());
        lock.lock();
        try {
            chats.remove(chat.id()); // if the write fails, its outcome on disk is unknown
            engine.put(Family.CHATS, Keys.of(chat.id()), Values.chat(chat));
            chats.put(chat.id(), chat);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long claimPrivateChat(long userA, long userB, long chatId) {
        long lo = Math.min(userA, userB);
        long hi = Math.max(userA, userB);
        ReentrantLock lock = engine.stripes.of(Stripes.Space.PRIVATE_PAIR, lo, hi);
        lock.lock();
        try {
            byte[] key = Keys.of(lo, hi);
            byte[] existing = engine.get(Family.PRIVATE_CHATS, key);
            if (existing != null) {
                return Values.rawLong(existing);
            }
            engine.put(Family.PRIVATE_CHATS, key, Values.rawLong(chatId));
            return chatId;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Long> privateChat(long userA, long userB) {
        byte[] value = engine.get(Family.PRIVATE_CHATS, Keys.of(Math.min(userA, userB), Math.max(userA, userB)));
        return value == null ? Optional.empty() : Optional.of(Values.rawLong(value));
    }

    @Override
    public AddMember addMember(Member member, int maxMembers) {
        long chatId = member.chatId();
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_MEMBERS, chatId);
        CompletableFuture<Void> earlier = null; // an add of the same user, in flight at the last try
        while (true) {
            if (earlier != null) {
                Engine.settled(earlier);
                earlier = null;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            lock.lock();
            try (Engine.Batch batch = engine.batch()) {
                byte[] key = Keys.of(chatId, member.userId());
                if (!roster(chatId).large()) {
                    // A small chat's cached roster follows each write in turn; joins to it are few.
                    settleAdds(chatId);
                    if (engine.get(Family.MEMBERS, key) != null) {
                        return AddMember.ALREADY_MEMBER;
                    }
                    int count = memberCount(chatId);
                    if (count >= maxMembers) {
                        return AddMember.FULL;
                    }
                    batch.put(Family.MEMBERS, key, Values.member(member))
                            .put(Family.CHAT_COUNTERS, countKey(chatId), Values.rawLong(count + 1L));
                    writeMembers(chatId, batch, r -> r.with(member));
                    return AddMember.ADDED;
                }
                MemberKey memberKey = new MemberKey(chatId, member.userId());
                CompletableFuture<Void> same = membersInFlight.get(memberKey);
                if (same != null && !same.isDone()) {
                    earlier = same;
                    continue; // unlocks, waits for it, then finds the member or not
                }
                if (engine.get(Family.MEMBERS, key) != null) {
                    return AddMember.ALREADY_MEMBER;
                }
                Long tipKey = IdKeys.of(chatId);
                Adding tip = adding.get(tipKey);
                // Count on the chat's add in flight unless it failed; if it fails later, so does this one.
                CompletableFuture<Void> after = tip != null && tip.standing() ? tip.done() : null;
                int count = after != null ? tip.count() : memberCount(chatId);
                if (count >= maxMembers) {
                    return AddMember.FULL;
                }
                batch.put(Family.MEMBERS, key, Values.member(member))
                        .put(Family.CHAT_COUNTERS, countKey(chatId), Values.rawLong(count + 1L));
                Adding mine = new Adding(count + 1, done);
                adding.put(tipKey, mine);
                membersInFlight.put(memberKey, done);
                engine.queue(batch, after, forget(tipKey, mine, memberKey), done);
            } finally {
                lock.unlock();
            }
            Engine.await(done);
            return AddMember.ADDED;
        }
    }

    /** Drops a large chat's add from the in-flight maps once the committer has settled it (on its thread). */
    private GroupCommitter.Outcome forget(Long tipKey, Adding add, MemberKey memberKey) {
        return new GroupCommitter.Outcome() {
            @Override
            public void durable() {
                forget();
            }

            @Override
            public void failed() {
                forget();
            }

            private void forget() {
                adding.remove(tipKey, add);
                membersInFlight.remove(memberKey, add.done());
            }
        };
    }

    /**
     * Waits until the chat's member adds in flight are on disk (or failed). Every member change but a large chat's
     * add calls it first, holding the chat's stripe, so that what it reads includes them.
     */
    private void settleAdds(long chatId) {
        Adding tip = adding.get(IdKeys.of(chatId));
        if (tip != null) {
            Engine.settled(tip.done());
        }
    }

    @Override
    public void updateMember(Member member) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_MEMBERS, member.chatId());
        lock.lock();
        try {
            settleAdds(member.chatId());
            byte[] key = Keys.of(member.chatId(), member.userId());
            if (engine.get(Family.MEMBERS, key) != null) {
                try (Engine.Batch batch = engine.batch()) {
                    writeMembers(member.chatId(), batch.put(Family.MEMBERS, key, Values.member(member)),
                            r -> r.with(member));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean removeMember(long chatId, long userId) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_MEMBERS, chatId);
        lock.lock();
        try (Engine.Batch batch = engine.batch()) {
            settleAdds(chatId);
            byte[] key = Keys.of(chatId, userId);
            if (engine.get(Family.MEMBERS, key) == null) {
                return false;
            }
            batch.delete(Family.MEMBERS, key)
                    .put(Family.CHAT_COUNTERS, countKey(chatId), Values.rawLong(memberCount(chatId) - 1L));
            writeMembers(chatId, batch, r -> r.without(userId));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a member change and applies it to the cached roster, if any. The caller holds the chat's
     * {@code CHAT_MEMBERS} stripe.
     */
    private void writeMembers(long chatId, Engine.Batch batch, java.util.function.UnaryOperator<Roster> change) {
        Roster before = rosters.get(chatId);
        rosters.remove(chatId); // if the write fails, its outcome on disk is unknown
        engine.write(batch);
        if (before != null && !before.large()) {
            rosters.put(chatId, change.apply(before));
        }
    }

    @Override
    public Optional<Member> member(long chatId, long userId) {
        Roster roster = roster(chatId);
        if (!roster.large()) {
            int i = roster.find(userId);
            return i < 0 ? Optional.empty() : Optional.of(roster.byUserId()[i]);
        }
        return Optional.ofNullable(engine.get(Family.MEMBERS, Keys.of(chatId, userId))).map(Values::member);
    }

    @Override
    public List<Member> members(long chatId, long afterUserId, int limit) {
        Roster roster = roster(chatId);
        if (!roster.large()) {
            int i = roster.find(afterUserId);
            int from = i >= 0 ? i + 1 : -i - 1;
            int to = (int) Math.min(roster.byUserId().length, (long) from + Math.max(0, limit));
            return from >= to ? List.of() : Arrays.asList(roster.byUserId()).subList(from, to);
        }
        return scanMembers(chatId, afterUserId, limit);
    }

    private List<Member> scanMembers(long chatId, long afterUserId, int limit) {
        return engine.scanAfter(Family.MEMBERS, chatId, afterUserId, limit,
                (key, value) -> Values.member(value));
    }

    /** The chat's cached roster, loaded on first use under the member stripe. */
    private Roster roster(long chatId) {
        Roster cached = rosters.get(chatId);
        if (cached != null) {
            return cached;
        }
        ReentrantLock lock = engine.stripes.of(Stripes.Space.CHAT_MEMBERS, chatId);
        lock.lock();
        try {
            Roster roster = rosters.get(chatId);
            if (roster == null) {
                settleAdds(chatId);
                List<Member> all = scanMembers(chatId, 0, ROSTER_MAX + 1);
                roster = all.size() > ROSTER_MAX ? Roster.LARGE : new Roster(all.toArray(Member[]::new));
                rosters.put(chatId, roster);
            }
            return roster;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int memberCount(long chatId) {
        byte[] value = engine.get(Family.CHAT_COUNTERS, countKey(chatId));
        return value == null ? 0 : Math.toIntExact(Values.rawLong(value));
    }

    private static byte[] countKey(long chatId) {
        return Keys.tagged(chatId, MEMBER_COUNT);
    }
}

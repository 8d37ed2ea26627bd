package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ferry.core.model.Chat;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.Member;
import org.ferry.core.model.Message;
import org.ferry.core.model.Role;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process caches of chat rows, small chats' rosters and log heads: every answer must be the one a
 * fresh process (which starts with empty caches) reads from disk, across the roster's small/large bound.
 */
class RocksDbCachesTest {
    private static final long CHAT = 42;

    @TempDir
    Path dir;
    private Stores stores;

    @AfterEach
    void close() {
        if (stores != null) {
            stores.close();
        }
    }

    private Stores reopen() {
        if (stores != null) {
            stores.close();
        }
        stores = RocksDbStores.open(dir.resolve("db"));
        return stores;
    }

    private static Member member(long userId, Role role) {
        return new Member(CHAT, userId, role, 1_700_000_000L, 1);
    }

    @Test
    void rostersFollowEveryMemberChangeAcrossTheSmallLargeBound() {
        reopen();
        stores.chats().create(new Chat(CHAT, ChatType.SUPERGROUP, "t", null, null, 1, 0));
        assertThat(stores.chats().members(CHAT, 0, 10)).isEmpty(); // caches an empty roster
        int n = RocksDbChatStore.ROSTER_MAX + 20;
        for (long u = n; u >= 1; u--) { // descending: every add inserts at the front
            assertThat(stores.chats().addMember(member(u, Role.MEMBER))).isTrue();
            assertThat(stores.chats().addMember(member(u, Role.ADMIN))).isFalse();
            assertThat(stores.chats().member(CHAT, u)).contains(member(u, Role.MEMBER));
            if (u % 50 == 0) {
                assertThat(ids(stores.chats().members(CHAT, 0, 1000))).hasSize((int) (n - u + 1));
            }
        }
        stores.chats().updateMember(member(7, Role.ADMIN));
        assertThat(stores.chats().removeMember(CHAT, 9)).isTrue();
        assertThat(stores.chats().removeMember(CHAT, 9)).isFalse();
        List<Long> before = ids(stores.chats().members(CHAT, 0, 1000));
        assertThat(before).hasSize(n - 1).doesNotContain(9L).isSorted();
        assertThat(stores.chats().member(CHAT, 7)).contains(member(7, Role.ADMIN));

        reopen();
        assertThat(ids(stores.chats().members(CHAT, 0, 1000))).isEqualTo(before);
        assertThat(stores.chats().member(CHAT, 7)).contains(member(7, Role.ADMIN));
        assertThat(stores.chats().memberCount(CHAT)).isEqualTo(n - 1);
    }

    @Test
    void aSmallRosterAnswersPagesAndPointReadsLikeTheDisk() {
        reopen();
        for (long u : new long[] {30, 10, 20}) {
            stores.chats().addMember(member(u, Role.MEMBER));
        }
        assertThat(ids(stores.chats().members(CHAT, 0, 2))).containsExactly(10L, 20L);
        assertThat(ids(stores.chats().members(CHAT, 10, 5))).containsExactly(20L, 30L);
        assertThat(ids(stores.chats().members(CHAT, 15, 5))).containsExactly(20L, 30L);
        assertThat(ids(stores.chats().members(CHAT, 30, 5))).isEmpty();
        assertThat(ids(stores.chats().members(CHAT, 0, 0))).isEmpty();
        stores.chats().removeMember(CHAT, 20);
        stores.chats().updateMember(member(99, Role.ADMIN)); // not a member: no effect
        assertThat(stores.chats().member(CHAT, 20)).isEmpty();
        assertThat(stores.chats().member(CHAT, 99)).isEmpty();
        assertThat(ids(stores.chats().members(CHAT, 0, 5))).containsExactly(10L, 30L);
        reopen();
        assertThat(ids(stores.chats().members(CHAT, 0, 5))).containsExactly(10L, 30L);
        assertThat(stores.chats().member(CHAT, 99)).isEmpty();
    }

    @Test
    void chatRowsAndHeadsAreTheLastWritten() {
        reopen();
        Chat chat = new Chat(CHAT, ChatType.GROUP, "old", null, null, 1, 0);
        assertThat(stores.chats().get(CHAT)).isEmpty();
        stores.chats().create(chat);
        assertThat(stores.chats().get(CHAT)).contains(chat);
        stores.chats().update(chat.withTitle("new"));
        assertThat(stores.chats().get(CHAT)).contains(chat.withTitle("new"));
        for (int i = 1; i <= 5; i++) {
            stores.log().append(CHAT, new ChatLogStore.Change.Post(
                    new Message(CHAT, 0, 1, 1_700_000_000L, "m" + i, null, null, null, null, 0)));
            assertThat(stores.log().head(CHAT)).isEqualTo(i);
        }
        reopen();
        assertThat(stores.chats().get(CHAT)).contains(chat.withTitle("new"));
        assertThat(stores.log().head(CHAT)).isEqualTo(5);
        stores.log().append(CHAT, new ChatLogStore.Change.Post(
                new Message(CHAT, 0, 1, 1_700_000_000L, "m6", null, null, null, null, 0)));
        assertThat(stores.log().read(CHAT, 0, 10)).extracting(e -> e.seq()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void theCacheDropsRowsPastItsCapacity() {
        RowCache<long[]> cache = new RowCache<>(100, v -> v.length);
        for (long id = 0; id < 1_000; id++) {
            cache.put(id, new long[3]);
            assertThat(cache.weight()).isLessThanOrEqualTo(100);
        }
        cache.put(5_000, new long[1]);
        assertThat(cache.get(5_000)).hasSize(1);
        cache.remove(5_000);
        assertThat(cache.get(5_000)).isNull();
    }

    private static List<Long> ids(List<Member> members) {
        List<Long> out = new ArrayList<>();
        members.forEach(m -> out.add(m.userId()));
        return out;
    }
}

package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.store.ChatLogStore.AppendResult;
import org.ferry.core.store.ChatLogStore.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout version and the upgrade of a database written by layout 1 ({@link Layout}). */
class RocksDbLayoutTest {
    private static final long CHAT = 77;

    @TempDir
    Path dir;

    @Test
    void aNewDatabaseIsWrittenAtTheCurrentLayout() {
        try (RocksDbStores stores = RocksDbStores.open(dir)) {
            assertThat(Layout.version(stores.engine())).isEqualTo(Layout.CURRENT).isEqualTo(2);
        }
    }

    @Test
    void aLayoutOneDatabaseKeepsItsEditsAndDeletionsAfterTheUpgrade() {
        Message a = message(1, "a");
        Message b = message(2, "b");
        Message c = message(3, "c");
        Message bEdited = b.edited("b!", 1_700_000_100L);
        try (RocksDbStores stores = RocksDbStores.open(dir)) {
            Engine engine = stores.engine();
            // What layout 1 wrote: each post in the log and in messages, an edit replacing the messages row, a
            // deletion removing it, and the head in chat_counters; no layout version.
            try (Engine.Batch batch = engine.batch()) {
                for (Message m : List.of(a, b, c)) {
                    batch.put(Family.LOG, Keys.of(CHAT, m.id()), Values.logEntry(new LogEntry.Posted(CHAT, m.id(), m)))
                            .put(Family.MESSAGES, Keys.of(CHAT, m.id()), Values.message(m));
                }
                batch.put(Family.LOG, Keys.of(CHAT, 4), Values.logEntry(new LogEntry.Edited(CHAT, 4, bEdited)))
                        .put(Family.MESSAGES, Keys.of(CHAT, 2), Values.message(bEdited))
                        .put(Family.LOG, Keys.of(CHAT, 5), Values.logEntry(new LogEntry.Deleted(CHAT, 5, List.of(1L))))
                        .delete(Family.MESSAGES, Keys.of(CHAT, 1))
                        .put(Family.CHAT_COUNTERS, Keys.tagged(CHAT, (byte) 'h'), Values.rawLong(5))
                        .delete(Family.META, Layout.VERSION_KEY);
                engine.write(batch);
            }
        }

        try (RocksDbStores stores = RocksDbStores.open(dir)) {
            assertThat(Layout.version(stores.engine())).isEqualTo(Layout.CURRENT);
            assertThat(stores.log().message(CHAT, 1)).as("deleted in layout 1, still deleted").isEmpty();
            assertThat(stores.log().message(CHAT, 2)).contains(bEdited);
            assertThat(stores.log().message(CHAT, 3)).contains(c);
            assertThat(stores.log().history(CHAT, Long.MAX_VALUE, 10)).containsExactly(c, bEdited);
            assertThat(stores.log().after(CHAT, 0, 10)).containsExactly(bEdited, c);
            assertThat(stores.log().head(CHAT)).isEqualTo(5);
            assertThat(stores.log().append(CHAT, new Change.Delete(List.of(1L)))).isEqualTo(new AppendResult.NotFound());
            AppendResult next = stores.log().append(CHAT, new Change.Post(message(0, "d")));
            assertThat(next).isInstanceOfSatisfying(AppendResult.Appended.class,
                    appended -> assertThat(appended.entry().seq()).isEqualTo(6));
        }
    }

    @Test
    void aDatabaseOfANewerLayoutIsRefused() {
        try (RocksDbStores stores = RocksDbStores.open(dir)) {
            stores.engine().put(Family.META, Layout.VERSION_KEY, Values.rawLong(Layout.CURRENT + 1));
        }
        assertThatThrownBy(() -> RocksDbStores.open(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("layout 3");
        // Refusing closed what it opened: the directory is not locked.
        try (RocksDbStores stores = RocksDbStores.open(dir.resolve("other"))) {
            assertThat(stores.log().head(CHAT)).isZero();
        }
    }

    private static Message message(long id, String text) {
        return new Message(CHAT, id, 5, 1_700_000_000L, text, null, null, null, null, 0);
    }
}

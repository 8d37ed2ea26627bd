package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.model.UserChat;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.StoreContract;
import org.ferry.core.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the store contract against RocksDB in a fresh directory per test, reopening the same directory. */
class RocksDbStoresContractTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    protected Stores newStores() {
        return RocksDbStores.open(dir.resolve("db"));
    }

    @Override
    protected Stores reopen(Stores old) {
        old.close();
        return RocksDbStores.open(dir.resolve("db"));
    }

    @Test
    void callsAfterCloseFailCleanly() {
        Stores closing = stores;
        stores = null;
        closing.close();
        closing.close();
        assertThatThrownBy(() -> closing.log().head(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> closing.accounts().get(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> RocksDbStores.open(dir.resolve("db"))).isInstanceOf(RocksDbStoreException.class);
    }

    @Test
    void aUserChatRowWrittenBeforePeerIdsReadsWithoutAPeer() {
        byte[] old = new ValueWriter(1).varLong(10).string("PRIVATE").varLong(5).toBytes();
        assertThat(Values.userChat(old)).isEqualTo(new UserChat(10, ChatType.PRIVATE, 5));
        UserChat withPeer = new UserChat(10, ChatType.PRIVATE, 5, 1_234_567_890_123L);
        assertThat(Values.userChat(Values.userChat(withPeer))).isEqualTo(withPeer);
    }

    @Test
    void aPlainPostIsStoredCompactly() {
        Message draft = new Message(0, 0, 1_234_567_890_123_456L, 1_700_000_000L, "hello", null, null, null, null,
                0x1234_5678_9ABC_DEF0L);
        LogEntry entry = ((ChatLogStore.AppendResult.Appended) stores.log()
                .append(1_234_567_890_123_457L, new ChatLogStore.Change.Post(draft))).entry();
        // format, kind, flags, id, sender (9-byte varint), date (5), text (1 + 5), random id (8)
        assertThat(Values.logEntry(entry)).hasSizeLessThanOrEqualTo(32);
        assertThat(Values.logEntry(entry.chatId(), entry.seq(), Values.logEntry(entry))).isEqualTo(entry);
    }
}

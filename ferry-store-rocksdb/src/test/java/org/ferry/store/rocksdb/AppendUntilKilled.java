package org.ferry.store.rocksdb;

import java.nio.file.Path;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.store.ChatLogStore;

/**
 * The child process of {@link RocksDbCrashTest}: appends posts to one chat from several threads and
 * prints each acknowledged seq on its own line, until it is killed. Arguments: directory, chat id.
 */
public final class AppendUntilKilled {
    private AppendUntilKilled() {
    }

    public static void main(String[] args) {
        RocksDbStores stores = RocksDbStores.open(Path.of(args[0]));
        long chatId = Long.parseLong(args[1]);
        for (int t = 0; t < 4; t++) {
            long sender = t + 1;
            Thread.ofPlatform().start(() -> {
                for (long randomId = 1; ; randomId++) {
                    Message draft = new Message(0, 0, sender, 1_700_000_000L, "crash test " + randomId, null, null,
                            null, null, randomId);
                    var result = stores.log().append(chatId, new ChatLogStore.Change.Post(draft));
                    LogEntry entry = ((ChatLogStore.AppendResult.Appended) result).entry();
                    synchronized (System.out) {
                        System.out.println(entry.seq());
                        System.out.flush();
                    }
                }
            });
        }
    }
}

package org.ferry.store.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.store.ChatLogStore;

/**
 * The child process of {@link RocksDbCrashTest}: appends posts to one chat from several threads and
 * prints each acknowledged seq on its own line, until it is killed. Arguments: directory, chat id, and optionally
 * {@code recycle-wal}: first append and flush a few times, so that the WAL being written when the kill comes is a
 * recycled file, printing {@code wal <file> <inode>} for the WAL files after each flush and then {@code appending}.
 */
public final class AppendUntilKilled {
    static final String APPENDING = "appending";
    private static final int FLUSHES = 4;

    private AppendUntilKilled() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        RocksDbStores stores = RocksDbStores.open(dir);
        long chatId = Long.parseLong(args[1]);
        if (args.length > 2 && args[2].equals("recycle-wal")) {
            long randomId = 1;
            for (int flush = 0; flush < FLUSHES; flush++) {
                for (int i = 0; i < 50; i++) {
                    print(append(stores, chatId, 100, randomId++));
                }
                stores.flushAll();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path wal : files.filter(AppendUntilKilled::isWal).toList()) {
                        print("wal " + wal.getFileName() + " " + inode(wal));
                    }
                }
            }
            print(APPENDING);
        }
        for (int t = 0; t < 4; t++) {
            long sender = t + 1;
            Thread.ofPlatform().start(() -> {
                for (long randomId = 1; ; randomId++) {
                    print(append(stores, chatId, sender, randomId));
                }
            });
        }
    }

    static boolean isWal(Path file) {
        return file.getFileName().toString().endsWith(".log");
    }

    static long inode(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
    }

    private static String append(RocksDbStores stores, long chatId, long sender, long randomId) {
        Message draft = new Message(0, 0, sender, 1_700_000_000L, "crash test " + randomId, null, null,
                null, null, randomId);
        var result = stores.log().append(chatId, new ChatLogStore.Change.Post(draft));
        LogEntry entry = ((ChatLogStore.AppendResult.Appended) result).entry();
        return Long.toString(entry.seq());
    }

    private static void print(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}

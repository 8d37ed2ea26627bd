package org.ferry.store.rocksdb;

import java.util.Arrays;
import java.util.List;
import org.ferry.core.model.LogEntry;

/**
 * The version of the database's layout, kept in {@code meta}, and the upgrade of one written by an older version.
 *
 * <ul>
 *   <li>1: every post also had a {@code messages} row and a deleted message had none; {@code chat_counters} kept
 *       each chat's log head ({@code 'h'}).</li>
 *   <li>2 (this code): a post is written once, as its log entry; {@code messages} holds only edited messages and
 *       {@link Values#DELETED_MESSAGE} rows; a chat's head is its last log key.</li>
 * </ul>
 *
 * Upgrading 1 to 2 writes a deletion row for every id in the log's deletions, since without one a deleted post
 * would read from the log again. The other old rows stay: an old post's {@code messages} row is what the log would
 * give, and old heads are no longer read. The upgrade may be cut short by a crash and run again. Runs before the
 * stores serve anything.
 */
final class Layout {
    static final long CURRENT = 2;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Layout.class);
    static final byte[] VERSION_KEY = Keys.text("layout");
    private static final int PAGE = 10_000;

    private Layout() {
    }

    /** Brings the database to {@link #CURRENT}; a database of a newer layout is refused. */
    static void upgrade(Engine engine) {
        long stored = version(engine);
        long version = stored != 0 ? stored : isEmpty(engine) ? CURRENT : 1;
        if (version > CURRENT) {
            throw new IllegalStateException("the RocksDB store has layout " + version + "; this Ferry reads up to "
                    + CURRENT + ": run a newer Ferry");
        }
        if (version == 1) {
            // One pass over the whole log before the node serves: say so, since on a big store it takes a while.
            LOG.info("RocksDB store has layout 1: upgrading to 2 (one pass over the chat logs)");
            long marked = markDeletions(engine);
            LOG.info("RocksDB store upgraded from layout 1 to 2: {} deleted messages marked", marked);
        }
        if (stored != CURRENT) {
            engine.put(Family.META, VERSION_KEY, Values.rawLong(CURRENT));
        }
    }

    /** The stored version, 0 if none is stored (a database not yet opened by this code). */
    static long version(Engine engine) {
        byte[] stored = engine.get(Family.META, VERSION_KEY);
        return stored == null ? 0 : Values.rawLong(stored);
    }

    private static boolean isEmpty(Engine engine) {
        return engine.scan(Family.LOG, null, null, false, 1, (key, value) -> key).isEmpty();
    }

    private record Entry(byte[] key, LogEntry.Deleted deletion) {
    }

    private static long markPage(Engine engine, List<Entry> page) {
        long n = 0;
        try (Engine.Batch batch = engine.batch()) {
            for (Entry e : page) {
                if (e.deletion() != null) {
                    for (long id : e.deletion().messageIds()) {
                        batch.put(Family.MESSAGES, Keys.of(e.deletion().chatId(), id), Values.DELETED_MESSAGE);
                        n++;
                    }
                }
            }
            engine.write(batch);
        }
        return n;
    }

    private static long markDeletions(Engine engine) {
        long marked = 0;
        byte[] from = null;
        while (true) {
            List<Entry> page = engine.scan(Family.LOG, from, null, false, PAGE, (key, value) -> {
                if (Values.isPost(value)) {
                    return new Entry(key, null);
                }
                LogEntry entry = Values.logEntry(Keys.longAt(key, 0), Keys.longAt(key, 8), value);
                return new Entry(key, entry instanceof LogEntry.Deleted d ? d : null);
            });
            marked += markPage(engine, page);
            if (page.size() < PAGE) {
                return marked;
            }
            byte[] last = page.getLast().key();
            from = Arrays.copyOf(last, last.length + 1); // the smallest key after it
        }
    }
}

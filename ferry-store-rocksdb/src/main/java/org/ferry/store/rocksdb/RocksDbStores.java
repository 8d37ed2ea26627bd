package org.ferry.store.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.ferry.core.store.AccountStore;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.ChatStore;
import org.ferry.core.store.ContactStore;
import org.ferry.core.store.DialogStore;
import org.ferry.core.store.FeedStore;
import org.ferry.core.store.LoginCodeStore;
import org.ferry.core.store.MembershipStore;
import org.ferry.core.store.SessionStore;
import org.ferry.core.store.Stores;
import org.ferry.core.store.UsernameStore;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksObject;

/**
 * The embedded backend: every partition store in one RocksDB database in a local directory, one
 * column family per kind of row (schema in {@code package-info.java}). Every write is synced before
 * the call returns. Thread-safe; one instance per directory and process.
 */
public final class RocksDbStores implements Stores {
    private static final long MB = 1024 * 1024;

    static {
        // Extracts and loads the native library once per class loader.
        RocksDB.loadLibrary();
    }

    private final Engine engine;
    private final AccountStore accounts;
    private final UsernameStore usernames;
    private final LoginCodeStore loginCodes;
    private final SessionStore sessions;
    private final ChatStore chats;
    private final MembershipStore memberships;
    private final ChatLogStore log;
    private final DialogStore dialogs;
    private final FeedStore feed;
    private final ContactStore contacts;

    private RocksDbStores(Engine engine) {
        this.engine = engine;
        this.accounts = new RocksDbAccountStore(engine);
        this.usernames = new RocksDbUsernameStore(engine);
        this.loginCodes = new RocksDbLoginCodeStore(engine);
        this.sessions = new RocksDbSessionStore(engine);
        this.chats = new RocksDbChatStore(engine);
        this.memberships = new RocksDbMembershipStore(engine);
        this.log = new RocksDbChatLogStore(engine);
        this.dialogs = new RocksDbDialogStore(engine);
        this.feed = new RocksDbFeedStore(engine);
        this.contacts = new RocksDbContactStore(engine);
    }

    /** Opens the database in {@code dir}, creating the directory and any missing column family. */
    public static RocksDbStores open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the RocksDB directory " + dir, e);
        }
        List<RocksObject> resources = new ArrayList<>();
        try {
            // One machine, two cores shared with the gateway: two background threads for flushes and
            // compactions, a modest shared block cache (the OS page cache holds the rest), and a cap on
            // all memtables together, since there are many families and most are small.
            LRUCache cache = track(resources, new LRUCache(64 * MB));
            BloomFilter bloom = track(resources, new BloomFilter(10));
            DBOptions db = track(resources, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setIncreaseParallelism(2)
                    .setMaxBackgroundJobs(2)
                    .setDbWriteBufferSize(128 * MB)
                    // Rarely written families would otherwise pin old WAL files: flush them past this.
                    .setMaxTotalWalSize(256 * MB)
                    // Obsolete WAL files are reused, not deleted: an fdatasync after appending to a new file must
                    // also write its inode (the size changed), one after overwriting an old file writes data only.
                    // `ferry bench fsync --mode=overwrite` against append on this VM: p50 0.29-0.37 -> 0.21-0.24 ms,
                    // 137-160 -> 97-107 us of CPU per fsync (docs/benchmarks.md, fifth session).
                    // Safe with point-in-time recovery in this RocksDB (facebook/rocksdb#12403); RocksDbCrashTest
                    // kills a writer mid-way through a recycled file.
                    .setRecycleLogFileNum(8)
                    .setBytesPerSync(MB)
                    .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                    .setKeepLogFileNum(5)
                    .setMaxLogFileSize(16 * MB));
            // Point-lookup families get a 10-bit bloom filter (~1% false positives) so that misses,
            // e.g. a free phone number or a new random id, rarely read a data block. Scanned families
            // do without. LZ4 is cheap enough for the write path; the bottom level gets ZSTD.
            // One options object per (point lookups, hinted) pair; the unused default family shares the plain one.
            Map<List<Boolean>, ColumnFamilyOptions> variants = new HashMap<>();
            Function<List<Boolean>, ColumnFamilyOptions> variant = k -> variants.computeIfAbsent(k,
                    kind -> track(resources, familyOptions(cache, kind.get(0) ? bloom : null, kind.get(1))));
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY,
                    variant.apply(List.of(false, false))));
            for (Family family : Family.values()) {
                descriptors.add(new ColumnFamilyDescriptor(family.columnFamilyName(),
                        variant.apply(List.of(family.pointLookups, family.hinted))));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB rocks = RocksDB.open(db, dir.toString(), descriptors, handles);
            // The default family is unused, but RocksDB requires it to be opened.
            handles.getFirst().close();
            Map<Family, ColumnFamilyHandle> byFamily = new EnumMap<>(Family.class);
            for (Family family : Family.values()) {
                byFamily.put(family, handles.get(family.ordinal() + 1));
            }
            Engine engine = new Engine(rocks, byFamily, resources);
            try {
                Layout.upgrade(engine);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            return new RocksDbStores(engine);
        } catch (RocksDBException e) {
            resources.reversed().forEach(RocksObject::close);
            throw new RocksDbStoreException("cannot open RocksDB in " + dir, e);
        }
    }

    private static ColumnFamilyOptions familyOptions(LRUCache cache, BloomFilter bloom, boolean hinted) {
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache);
        if (bloom != null) {
            table.setFilterPolicy(bloom);
        }
        ColumnFamilyOptions options = hinted ? hintedOptions() : new ColumnFamilyOptions();
        if (bloom != null) {
            // A whole-key bloom filter over the memtable too: a miss (every new message's random id)
            // otherwise searches a 16 MB skip list.
            options.setMemtablePrefixBloomSizeRatio(0.05).setMemtableWholeKeyFiltering(true);
        }
        return options
                .setTableFormatConfig(table)
                .setWriteBufferSize(16 * MB)
                .setLevelCompactionDynamicLevelBytes(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
    }

    /**
     * Options whose memtable keeps, per 8-byte key prefix, where the last insert went, and starts the next one
     * there ({@code memtable_insert_with_hint_prefix_extractor}, settable only by name in RocksJava). Inserting a
     * message's rows searched each skip list from the top: ~47 % of the committer's CPU at 8,000 msgs/s
     * ({@code perf}, docs/benchmarks.md). Costs a hint (~250 bytes of memtable) per id written per memtable, so a
     * memtable holds fewer rows when many chats get one message each before it flushes: with 6,300 chats at
     * 8,000 msgs/s it still saved 11 % of the committer's CPU for one more flush in 30 s.
     */
    private static ColumnFamilyOptions hintedOptions() {
        Properties hint = new Properties();
        hint.setProperty("memtable_insert_with_hint_prefix_extractor", "rocksdb.FixedPrefix.8");
        try (ConfigOptions config = new ConfigOptions()) {
            ColumnFamilyOptions options = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(config, hint);
            if (options == null) {
                throw new IllegalStateException("RocksDB rejected memtable_insert_with_hint_prefix_extractor");
            }
            return options;
        }
    }

    private static <T extends RocksObject> T track(List<RocksObject> resources, T object) {
        resources.add(object);
        return object;
    }

    @Override public AccountStore accounts() { return accounts; }
    @Override public UsernameStore usernames() { return usernames; }
    @Override public LoginCodeStore loginCodes() { return loginCodes; }
    @Override public SessionStore sessions() { return sessions; }
    @Override public ChatStore chats() { return chats; }
    @Override public MembershipStore memberships() { return memberships; }
    @Override public ChatLogStore log() { return log; }
    @Override public DialogStore dialogs() { return dialogs; }
    @Override public FeedStore feed() { return feed; }
    @Override public ContactStore contacts() { return contacts; }

    /** The engine underneath, for this package's tests (raw rows of an older layout). */
    Engine engine() {
        return engine;
    }

    /** Flushes every memtable and waits ({@link Engine#flushAll}); for tests and tools. */
    void flushAll() {
        engine.flushAll();
    }

    /** Waits for calls in flight, then closes the database; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        engine.close();
    }
}

package org.ferry.core.sync;

import java.nio.file.Path;
import org.ferry.core.store.Stores;
import org.ferry.store.rocksdb.RocksDbStores;
import org.junit.jupiter.api.io.TempDir;

/** {@link FeedModelTest} against RocksDB, whose feed pointers are written in the same batch as the log entry. */
class RocksDbFeedModelTest extends FeedModelTest {
    @TempDir
    Path dir;

    @Override
    protected Stores newStores() {
        return RocksDbStores.open(dir.resolve("db"));
    }
}

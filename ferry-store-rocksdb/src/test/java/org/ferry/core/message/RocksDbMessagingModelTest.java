package org.ferry.core.message;

import java.nio.file.Path;
import org.ferry.core.store.Stores;
import org.ferry.store.rocksdb.RocksDbStores;
import org.junit.jupiter.api.io.TempDir;

/** {@link MessagingModelTest} against RocksDB, whose history lays edit and deletion rows over the log's posts. */
class RocksDbMessagingModelTest extends MessagingModelTest {
    @TempDir
    Path dir;

    @Override
    protected Stores newStores() {
        return RocksDbStores.open(dir.resolve("db"));
    }
}

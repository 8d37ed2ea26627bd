package org.ferry.core.rpc;

import java.nio.file.Path;
import org.ferry.core.store.Stores;
import org.ferry.store.rocksdb.RocksDbStores;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BadInputTest} against RocksDB: bad input must not reach the store as a key or value it refuses. In the
 * core's package (on this module's test class path) because the test reads each method's params type.
 */
class RocksDbBadInputTest extends BadInputTest {
    @TempDir
    Path dir;

    @Override
    protected Stores newStores() {
        return RocksDbStores.open(dir.resolve("db"));
    }
}

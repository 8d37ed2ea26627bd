package org.ferry.store.rocksdb;

/** A RocksDB call failed (I/O error, corruption, no space): the operation did not complete. */
public final class RocksDbStoreException extends RuntimeException {
    RocksDbStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

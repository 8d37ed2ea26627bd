package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** The Java-built batch must be the very bytes RocksJava builds, and must write what they write. */
class WriteBatchRepTest {
    static {
        RocksDB.loadLibrary();
    }

    @TempDir
    Path dir;

    /** Puts and deletes on the default family and on families whose ids need one and two varint bytes. */
    private static List<List<Engine.Op>> sample(int[] familyIds) {
        Random random = new Random(42);
        List<List<Engine.Op>> batches = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            List<Engine.Op> ops = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int family = familyIds[random.nextInt(familyIds.length)];
                byte[] key = new byte[1 + random.nextInt(40)];
                random.nextBytes(key);
                // values up to 300 bytes: lengths of one and two varint bytes, and empty ones
                byte[] value = random.nextInt(5) == 0 ? null : new byte[random.nextInt(300)];
                if (value != null) {
                    random.nextBytes(value);
                }
                ops.add(new Engine.Op(family, key, value));
            }
            batches.add(ops);
        }
        return batches;
    }

    @Test
    void isTheSerializedBatchRocksJavaBuilds() throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (int i = 1; i <= 130; i++) {
            descriptors.add(new ColumnFamilyDescriptor(("f" + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            int[] ids = {handles.get(0).getID(), handles.get(3).getID(), handles.get(130).getID()};
            assertThat(ids[0]).isZero();
            assertThat(ids[2]).isGreaterThan(127); // a two-byte varint
            List<List<Engine.Op>> batches = sample(ids);

            byte[] ours = WriteBatchRep.of(batches);
            try (WriteBatch theirs = new WriteBatch()) {
                for (List<Engine.Op> ops : batches) {
                    for (Engine.Op op : ops) {
                        ColumnFamilyHandle handle = handles.stream().filter(h -> h.getID() == op.familyId())
                                .findFirst().orElseThrow();
                        if (op.value() == null) {
                            theirs.delete(handle, op.key());
                        } else {
                            theirs.put(handle, op.key(), op.value());
                        }
                    }
                }
                assertThat(ours).isEqualTo(theirs.data());
                assertThat(theirs.count()).isEqualTo(100);
            }

            // and written, it leaves what the operations say
            try (WriteBatch batch = new WriteBatch(ours); WriteOptions write = new WriteOptions()) {
                db.write(write, batch);
            }
            for (List<Engine.Op> ops : batches) {
                for (Engine.Op op : ops) {
                    ColumnFamilyHandle handle = handles.stream().filter(h -> h.getID() == op.familyId())
                            .findFirst().orElseThrow();
                    byte[] last = lastWrite(batches, op.familyId(), op.key());
                    assertThat(db.get(handle, op.key())).isEqualTo(last);
                }
            }
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    /** What the last operation on (family, key) left: its value, or null after a delete. */
    private static byte[] lastWrite(List<List<Engine.Op>> batches, int familyId, byte[] key) {
        byte[] last = null;
        for (List<Engine.Op> ops : batches) {
            for (Engine.Op op : ops) {
                if (op.familyId() == familyId && Arrays.equals(op.key(), key)) {
                    last = op.value();
                }
            }
        }
        return last;
    }

    @Test
    void anEmptyRoundIsAnEmptyBatch() throws RocksDBException {
        try (WriteBatch theirs = new WriteBatch()) {
            assertThat(WriteBatchRep.of(List.of())).isEqualTo(theirs.data());
        }
    }
}

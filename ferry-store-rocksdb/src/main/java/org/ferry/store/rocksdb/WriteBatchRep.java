package org.ferry.store.rocksdb;

import java.util.List;

/**
 * Builds the serialized form of a RocksDB {@code WriteBatch} in Java, so that a committer round becomes one native
 * batch in one JNI call ({@code new WriteBatch(byte[])}) instead of one JNI call per put or delete (seven per chat
 * message; each pins and copies its arrays). The format is RocksDB's {@code WriteBatch::rep_}
 * ({@code db/write_batch.cc}): a fixed64 sequence (0 until written) and a fixed32 count, little-endian, then per
 * operation a type byte, the column family id as a varint32 unless it is the default family (0), and the key and
 * value each as a varint32 length and the bytes. {@code WriteBatchRepTest} checks it byte for byte against batches
 * RocksJava builds. Stateless.
 */
final class WriteBatchRep {
    private static final int HEADER = 12;
    private static final byte DELETION = 0x0;
    private static final byte VALUE = 0x1;
    private static final byte FAMILY_DELETION = 0x4;
    private static final byte FAMILY_VALUE = 0x5;

    private WriteBatchRep() {
    }

    /** The serialized batch of every operation of {@code batches}, in order. */
    static byte[] of(List<List<Engine.Op>> batches) {
        int size = HEADER;
        int count = 0;
        for (List<Engine.Op> ops : batches) {
            for (Engine.Op op : ops) {
                size += 1 + (op.familyId() == 0 ? 0 : varintSize(op.familyId()))
                        + varintSize(op.key().length) + op.key().length
                        + (op.value() == null ? 0 : varintSize(op.value().length) + op.value().length);
                count++;
            }
        }
        byte[] out = new byte[size];
        int at = 8; // the sequence stays 0: RocksDB assigns it when the batch is written
        out[at++] = (byte) count;
        out[at++] = (byte) (count >>> 8);
        out[at++] = (byte) (count >>> 16);
        out[at++] = (byte) (count >>> 24);
        for (List<Engine.Op> ops : batches) {
            for (Engine.Op op : ops) {
                boolean put = op.value() != null;
                if (op.familyId() == 0) {
                    out[at++] = put ? VALUE : DELETION;
                } else {
                    out[at++] = put ? FAMILY_VALUE : FAMILY_DELETION;
                    at = varint(out, at, op.familyId());
                }
                at = bytes(out, at, op.key());
                if (put) {
                    at = bytes(out, at, op.value());
                }
            }
        }
        return out;
    }

    private static int bytes(byte[] out, int at, byte[] value) {
        at = varint(out, at, value.length);
        System.arraycopy(value, 0, out, at, value.length);
        return at + value.length;
    }

    private static int varint(byte[] out, int at, int value) {
        while ((value & ~0x7F) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    private static int varintSize(int value) {
        int n = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }
}

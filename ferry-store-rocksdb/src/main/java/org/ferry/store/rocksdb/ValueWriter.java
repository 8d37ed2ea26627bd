package org.ferry.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one stored value: a leading format byte, then fields in a fixed order as unsigned LEB128
 * varints, fixed 8-byte longs and length-prefixed UTF-8. Hand-written so that a post costs a few dozen
 * bytes plus its text. Not thread-safe; one per value.
 */
final class ValueWriter {
    private byte[] buf = new byte[48];
    private int len;

    ValueWriter(int format) {
        byte1(format);
    }

    ValueWriter byte1(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    ValueWriter bool(boolean b) {
        return byte1(b ? 1 : 0);
    }

    /** Unsigned LEB128: 1 byte below 128, 9 for a time-ordered 64-bit id, 10 for a negative value. */
    ValueWriter varLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
        return this;
    }

    /** Eight bytes, for random values (idempotency keys) that a varint would only make longer. */
    ValueWriter fixedLong(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[len + i] = (byte) v;
            v >>>= 8;
        }
        len += 8;
        return this;
    }

    /** A nullable string: varint (UTF-8 length + 1), 0 for null, then the bytes. */
    ValueWriter string(String s) {
        if (s == null) {
            return varLong(0);
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        varLong(bytes.length + 1L);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}

package org.ferry.store.rocksdb;

import java.nio.charset.StandardCharsets;

/** Reads a value written by {@link ValueWriter}, checking its format byte first. Not thread-safe. */
final class ValueReader {
    private final byte[] buf;
    private int pos;

    ValueReader(byte[] value, int expectedFormat) {
        this.buf = value;
        int format = byte1();
        if (format != expectedFormat) {
            throw new IllegalStateException("unknown value format " + format + ", expected " + expectedFormat);
        }
    }

    /** True once every byte was read: a field added later is absent from values written before it. */
    boolean atEnd() {
        return pos >= buf.length;
    }

    int byte1() {
        return buf[pos++] & 0xFF;
    }

    boolean bool() {
        return byte1() != 0;
    }

    long varLong() {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    long fixedLong() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    String string() {
        int n = (int) varLong();
        if (n == 0) {
            return null;
        }
        String s = new String(buf, pos, n - 1, StandardCharsets.UTF_8);
        pos += n - 1;
        return s;
    }
}

package org.ferry.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Writes a request frame's payload, {@code {"id":7,"method":"messages.send","params":{...}}}, straight into a pooled
 * buffer: no concatenated String and no unpooled copy of it. Stateless and thread-safe.
 */
final class RequestFrameWriter {
    private static final byte[] ID = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] METHOD = ",\"method\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARAMS = "\",\"params\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LONG_DIGITS = 20;

    private RequestFrameWriter() {
    }

    /** @param paramsJson the params, already encoded as a JSON object */
    static ByteBuf write(ByteBufAllocator alloc, long id, String method, String paramsJson) {
        ByteBuf buf = alloc.buffer(ID.length + MAX_LONG_DIGITS + METHOD.length + PARAMS.length + 1
                + ByteBufUtil.utf8MaxBytes(method) + ByteBufUtil.utf8MaxBytes(paramsJson));
        buf.writeBytes(ID);
        writeDecimal(buf, id);
        buf.writeBytes(METHOD);
        ByteBufUtil.writeUtf8(buf, method);
        buf.writeBytes(PARAMS);
        ByteBufUtil.writeUtf8(buf, paramsJson);
        buf.writeByte('}');
        return buf;
    }

    /** Writes a non-negative {@code value}'s decimal digits. */
    private static void writeDecimal(ByteBuf buf, long value) {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int end = buf.writerIndex() + digits;
        for (int i = end - 1; i >= buf.writerIndex(); i--) {
            buf.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        buf.writerIndex(end);
    }
}

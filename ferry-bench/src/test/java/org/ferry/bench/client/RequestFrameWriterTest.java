package org.ferry.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestFrameWriterTest {
    private static String write(long id, String method, String params) {
        ByteBuf buf = RequestFrameWriter.write(UnpooledByteBufAllocator.DEFAULT, id, method, params);
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void writesTheRequestAsOneJsonObject() {
        assertThat(write(7, "messages.send", "{\"chatId\":1,\"text\":\"b12\"}"))
                .isEqualTo("{\"id\":7,\"method\":\"messages.send\",\"params\":{\"chatId\":1,\"text\":\"b12\"}}");
    }

    @Test
    void writesEveryDigitOfTheId() {
        assertThat(write(0, "m", "{}")).isEqualTo("{\"id\":0,\"method\":\"m\",\"params\":{}}");
        assertThat(write(1_000_000, "m", "{}")).startsWith("{\"id\":1000000,");
        assertThat(write(Long.MAX_VALUE, "m", "{}")).startsWith("{\"id\":" + Long.MAX_VALUE + ",");
    }

    @Test
    void encodesParamsAsUtf8() {
        assertThat(write(1, "chats.createGroup", "{\"title\":\"café ✓\"}")).endsWith("{\"title\":\"café ✓\"}}");
    }
}

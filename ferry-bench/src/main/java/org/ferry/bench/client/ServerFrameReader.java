package org.ferry.bench.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;

/**
 * Reads a {@link ServerFrame} with Jackson's streaming parser straight from the frame's bytes: no String and no
 * tree, which were most of the client's own work per frame. Looks at the top-level {@code id}, {@code error} and
 * {@code update} in whatever order they come and skips the rest, {@code result} included (a caller that wants the
 * result parses the frame again, off the hot path). Stateless and thread-safe.
 */
final class ServerFrameReader {
    /**
     * The client's event loops are platform threads, so Jackson's per-thread buffer recycling suits them (the
     * protocol's shared pool is for the server's virtual threads).
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool()).build();

    private record Error(String code, String message, int retryAfter) {
    }

    private ServerFrameReader() {
    }

    /** Reads {@code length} bytes of UTF-8 JSON from {@code utf8[offset]}. */
    static ServerFrame read(byte[] utf8, int offset, int length) throws IOException {
        try (JsonParser p = JSON.createParser(utf8, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a server frame is a JSON object");
            }
            long id = 0;
            boolean hasId = false;
            Error error = null;
            ServerFrame.Push push = null;
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                    id = p.getLongValue();
                    hasId = true;
                } else if (field.equals("update") && value == JsonToken.START_OBJECT) {
                    push = update(p);
                } else if (field.equals("error") && value == JsonToken.START_OBJECT) {
                    error = error(p);
                } else {
                    p.skipChildren();
                }
            }
            if (push != null) {
                return push;
            }
            if (!hasId) {
                return new ServerFrame.Unmatched();
            }
            return error == null ? new ServerFrame.Answer(id)
                    : new ServerFrame.Failure(id, error.code(), error.message(), error.retryAfter());
        }
    }

    /** Inside {@code "update": {...}}: its type, chatId, seq and message.text. */
    private static ServerFrame.Push update(JsonParser p) throws IOException {
        String type = "";
        String text = "";
        long chatId = 0;
        long seq = 0;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            if (field.equals("type") && value.isScalarValue()) {
                type = p.getValueAsString("");
            } else if (field.equals("chatId") && value == JsonToken.VALUE_NUMBER_INT) {
                chatId = p.getLongValue();
            } else if (field.equals("seq") && value == JsonToken.VALUE_NUMBER_INT) {
                seq = p.getLongValue();
            } else if (field.equals("message") && value == JsonToken.START_OBJECT) {
                text = messageText(p);
            } else {
                p.skipChildren();
            }
        }
        return new ServerFrame.Push(type, text, chatId, seq);
    }

    private static String messageText(JsonParser p) throws IOException {
        String text = "";
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            if (field.equals("text") && value.isScalarValue()) {
                text = p.getValueAsString("");
            } else {
                p.skipChildren();
            }
        }
        return text;
    }

    private static Error error(JsonParser p) throws IOException {
        String code = "UNKNOWN";
        String message = "";
        int retryAfter = 0;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            if (!value.isScalarValue()) {
                p.skipChildren();
            } else if (field.equals("code")) {
                code = p.getValueAsString("UNKNOWN");
            } else if (field.equals("message")) {
                message = p.getValueAsString("");
            } else if (field.equals("retryAfter")) {
                retryAfter = p.getValueAsInt(0);
            }
        }
        return new Error(code, message, retryAfter);
    }
}

package org.ferry.bench.ceiling;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * {@link EchoServer}'s handler, last in each pipeline: sends every text frame back unchanged, and for the
 * chat-shaped ceiling ({@code echo --fanout=chat}) also
 * <ul>
 *   <li>registers: {@code {"id":1,"method":"echo.register","params":{"index":7}}} makes this channel
 *       connection 7 (its echo, the ack, follows the registration);</li>
 *   <li>fans out: a frame whose params hold {@code "to":[3,17]} and {@code "text":"b123"} goes to connections 3
 *       and 17 as a Ferry {@code newMessage} push of that text, byte for byte the shape and size of a real one.</li>
 * </ul>
 * Frames are scanned, never parsed: a plain echo pays one search for {@code [} and one comparison after the id,
 * because requests come the way the bench's client writes them, the method right after the id. One push is built
 * per frame and shared by its recipients, as Ferry's gateway does. One per server, shared by its channels;
 * thread-safe.
 */
@ChannelHandler.Sharable
final class EchoHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final byte[] REGISTER = ascii(",\"method\":\"echo.register\"");
    private static final byte[] INDEX = ascii("\"index\":");
    private static final byte[] TO = ascii("\"to\":[");
    private static final byte[] TEXT = ascii("\"text\":\"");
    /**
     * A newMessage push up to its message's text, then after it: what Ferry pushes for a plain text message, with
     * ids as wide as its id generator makes them today (15 digits), a 4-digit seq and a date in epoch seconds.
     */
    private static final byte[] PUSH_HEAD = ascii("{\"update\":{\"type\":\"newMessage\",\"chatId\":493827161088257,"
            + "\"seq\":1024,\"message\":{\"chatId\":493827161088257,\"id\":1024,\"senderId\":493826953428993,"
            + "\"date\":1796000000,\"text\":\"");
    private static final byte[] PUSH_TAIL = ascii("\"}}}");

    private final Map<Integer, Channel> connections = new ConcurrentHashMap<>();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ByteBuf in = frame.content();
        int start = in.readerIndex();
        int end = in.writerIndex();
        int bracket = in.indexOf(start, end, (byte) '[');
        if (bracket >= 0 && matches(in, bracket + 1 - TO.length, end, TO)) {
            fanOut(in, start, bracket + 1, end);
        } else if (isRegistration(in, start, end)) {
            int index = after(in, start, end, INDEX);
            if (index >= 0) {
                numbers(in, index, end, k -> register(k, ctx.channel()));
            }
        }
        ctx.writeAndFlush(frame.retainedDuplicate());
    }

    private static boolean isRegistration(ByteBuf in, int start, int end) {
        int comma = in.indexOf(start, end, (byte) ',');
        return comma >= 0 && matches(in, comma, end, REGISTER);
    }

    private void register(int index, Channel channel) {
        connections.put(index, channel);
        channel.closeFuture().addListener(f -> connections.remove(index, channel));
    }

    /** Pushes the text of the frame to each connection of the list at {@code in[list..]}. */
    private void fanOut(ByteBuf in, int start, int list, int end) {
        int text = after(in, start, end, TEXT);
        int close = text < 0 ? -1 : closingQuote(in, text, end);
        if (close < 0) {
            return;
        }
        int length = close - text;
        byte[] push = new byte[PUSH_HEAD.length + length + PUSH_TAIL.length];
        System.arraycopy(PUSH_HEAD, 0, push, 0, PUSH_HEAD.length);
        in.getBytes(text, push, PUSH_HEAD.length, length);
        System.arraycopy(PUSH_TAIL, 0, push, PUSH_HEAD.length + length, PUSH_TAIL.length);
        numbers(in, list, end, k -> {
            Channel to = connections.get(k);
            if (to != null) {
                to.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(push)));
            }
        });
    }

    /**
     * Calls {@code each} with every number of the comma-separated list at {@code in[from..]}, which ends at the
     * first byte that is neither a digit nor a comma.
     */
    private static void numbers(ByteBuf in, int from, int end, IntConsumer each) {
        int value = -1;
        for (int i = from; i < end; i++) {
            byte b = in.getByte(i);
            if (b >= '0' && b <= '9') {
                value = Math.max(value, 0) * 10 + (b - '0');
                continue;
            }
            if (value >= 0) {
                each.accept(value);
                value = -1;
            }
            if (b != ',') {
                return;
            }
        }
    }

    /** The index just past the first {@code needle} in {@code in[from..end)}, or -1. */
    private static int after(ByteBuf in, int from, int end, byte[] needle) {
        for (int i = in.indexOf(from, end, needle[0]); i >= 0; i = in.indexOf(i + 1, end, needle[0])) {
            if (matches(in, i, end, needle)) {
                return i + needle.length;
            }
        }
        return -1;
    }

    private static boolean matches(ByteBuf in, int at, int end, byte[] bytes) {
        if (at < in.readerIndex() || at + bytes.length > end) {
            return false;
        }
        for (int k = 0; k < bytes.length; k++) {
            if (in.getByte(at + k) != bytes[k]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the quote that closes the JSON string starting at {@code from}, or -1. */
    private static int closingQuote(ByteBuf in, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = in.getByte(i);
            if (b == '\\') {
                i++;
            } else if (b == '"') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

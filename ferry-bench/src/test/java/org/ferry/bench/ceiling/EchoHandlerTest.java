package org.ferry.bench.ceiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ferry.protocol.Frames;
import org.ferry.protocol.Json;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.Test;

class EchoHandlerTest {
    private final EchoHandler handler = new EchoHandler();

    /** A channel of the handler, registered as connection {@code index}. */
    private EmbeddedChannel connection(int index) {
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        String register = "{\"id\":1,\"method\":\"echo.register\",\"params\":{\"index\":" + index + "}}";
        channel.writeInbound(new TextWebSocketFrame(register));
        assertThat(text(channel.readOutbound())).isEqualTo(register);
        return channel;
    }

    private static String text(Object frame) {
        TextWebSocketFrame f = (TextWebSocketFrame) frame;
        try {
            return f.text();
        } finally {
            f.release();
        }
    }

    private static String send(String text, String to) {
        return "{\"id\":8,\"method\":\"messages.send\",\"params\":{\"chatId\":493827161088257,\"text\":\"" + text
                + "\",\"randomId\":1234567890123456789,\"to\":[" + to + "]}}";
    }

    @Test
    void echoesAFrameWithoutRecipientsUnchangedAndPushesNothing() {
        EmbeddedChannel other = connection(0);
        EmbeddedChannel sender = new EmbeddedChannel(handler);
        String frame = "{\"id\":7,\"method\":\"messages.send\",\"params\":{\"chatId\":1,\"text\":\"b1xx\",\"randomId\":2}}";
        sender.writeInbound(new TextWebSocketFrame(frame));
        assertThat(text(sender.readOutbound())).isEqualTo(frame);
        assertThat(sender.finish()).isFalse();
        assertThat(other.finish()).isFalse();
    }

    @Test
    void pushesTheTextToEachRegisteredRecipientAsFerrysOwnNewMessagePush() throws Exception {
        EmbeddedChannel first = connection(3);
        EmbeddedChannel second = connection(17);
        EmbeddedChannel sender = connection(4);
        String frame = send("b42", "3,17,99"); // 99 never registered
        sender.writeInbound(new TextWebSocketFrame(frame));
        assertThat(text(sender.readOutbound())).isEqualTo(frame);
        for (EmbeddedChannel recipient : List.of(first, second)) {
            String push = text(recipient.readOutbound());
            Frames.Push decoded = Json.mapper().readValue(push, Frames.Push.class);
            assertThat(decoded.update()).isInstanceOfSatisfying(Update.NewMessage.class,
                    m -> assertThat(m.message().text()).isEqualTo("b42"));
            // Ferry's codec writes it back byte for byte: a real push's fields, order and size.
            assertThat(new String(Json.writeBytes(decoded), StandardCharsets.UTF_8)).isEqualTo(push);
            assertThat(recipient.finish()).isFalse();
        }
        assertThat(sender.finish()).isFalse();
    }

    @Test
    void copiesATextWithEscapedQuotesWhole() throws Exception {
        EmbeddedChannel recipient = connection(1);
        EmbeddedChannel sender = connection(2);
        sender.writeInbound(new TextWebSocketFrame(send("say \\\"hi\\\"", "1")));
        text(sender.readOutbound());
        Frames.Push push = Json.mapper().readValue(text(recipient.readOutbound()), Frames.Push.class);
        assertThat(((Update.NewMessage) push.update()).message().text()).isEqualTo("say \"hi\"");
        assertThat(recipient.finish()).isFalse();
        assertThat(sender.finish()).isFalse();
    }

    @Test
    void anIndexTakenOverStaysWithItsNewConnectionWhenTheOldOneCloses() {
        EmbeddedChannel old = connection(5);
        EmbeddedChannel current = connection(5);
        old.close();
        EmbeddedChannel sender = connection(6);
        sender.writeInbound(new TextWebSocketFrame(send("b1", "5")));
        text(sender.readOutbound());
        assertThat(text(current.readOutbound())).contains("\"text\":\"b1\"");
        assertThat(old.finish()).isFalse();
        assertThat(current.finish()).isFalse();
        assertThat(sender.finish()).isFalse();
    }
}

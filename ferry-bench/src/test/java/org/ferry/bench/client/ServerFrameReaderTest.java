package org.ferry.bench.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerFrameReaderTest {
    private static ServerFrame read(String json) throws IOException {
        byte[] bytes = ("  " + json).getBytes(StandardCharsets.UTF_8);
        return ServerFrameReader.read(bytes, 2, bytes.length - 2);
    }

    @Test
    void anAnswerIsItsIdWhateverTheResultAndTheOrder() throws IOException {
        assertThat(read("{\"id\":7,\"result\":{\"id\":1,\"update\":{\"type\":\"x\"},\"list\":[1,{\"a\":[]}]}}"))
                .isEqualTo(new ServerFrame.Answer(7));
        assertThat(read("{\"result\":{\"error\":{\"code\":\"NO\"}},\"id\":8}")).isEqualTo(new ServerFrame.Answer(8));
        assertThat(read("{\"id\":9,\"method\":\"messages.send\",\"params\":{\"text\":\"b1\"}}"))
                .isEqualTo(new ServerFrame.Answer(9));
    }

    @Test
    void anErrorCarriesItsCodeMessageAndRetryAfter() throws IOException {
        assertThat(read("{\"error\":{\"retryAfter\":3,\"message\":\"wait\",\"code\":\"FLOOD_WAIT\"},\"id\":4}"))
                .isEqualTo(new ServerFrame.Failure(4, "FLOOD_WAIT", "wait", 3));
        assertThat(read("{\"id\":5,\"error\":{\"details\":{\"code\":\"inner\"}}}"))
                .isEqualTo(new ServerFrame.Failure(5, "UNKNOWN", "", 0));
    }

    @Test
    void aPushCarriesItsTypeMessageTextChatAndSeq() throws IOException {
        assertThat(read("{\"update\":{\"type\":\"newMessage\",\"chatId\":1,\"seq\":5,\"message\":{\"chatId\":2,"
                + "\"id\":6,\"entities\":[{\"text\":\"no\"}],\"text\":\"b123\",\"date\":9}}}"))
                .isEqualTo(new ServerFrame.Push("newMessage", "b123", 1, 5));
        assertThat(read("{\"update\":{\"message\":{\"text\":\"héllo ✓\"},\"type\":\"messageEdited\"}}"))
                .isEqualTo(new ServerFrame.Push("messageEdited", "héllo ✓"));
        assertThat(read("{\"update\":{\"type\":\"typing\",\"chatId\":1,\"userId\":2}}"))
                .isEqualTo(new ServerFrame.Push("typing", "", 1, 0));
    }

    @Test
    void aFrameWithoutIdOrUpdateMatchesNoCall() throws IOException {
        assertThat(read("{\"error\":{\"code\":\"MALFORMED_FRAME\"}}")).isEqualTo(new ServerFrame.Unmatched());
    }

    @Test
    void somethingOtherThanAnObjectIsRefused() {
        assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(IOException.class);
    }
}

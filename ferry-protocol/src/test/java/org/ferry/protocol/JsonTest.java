package org.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    record P(String text, Long chatId, Boolean flag, List<Long> ids) {
    }

    private static ErrorCode code(Runnable r) {
        try {
            r.run();
        } catch (FerryException e) {
            return e.code();
        }
        throw new AssertionError("no error");
    }

    @Test
    void parsesRequests() {
        Frames.Request r = Json.parseRequest("{\"id\":7,\"method\":\"messages.send\",\"params\":{\"text\":\"hi\"}}");
        assertThat(r.id()).isEqualTo(7);
        assertThat(r.method()).isEqualTo("messages.send");
        assertThat(Json.bind(r.params(), P.class).text()).isEqualTo("hi");
        assertThat(Json.parseRequest("{\"id\":1,\"method\":\"x\"}").params().isObject()).isTrue();
    }

    @Test
    void rejectsMalformedFrames() {
        for (String bad : List.of("", "nope", "[]", "1", "{\"id\":\"7\",\"method\":\"a\"}", "{\"id\":1.5,\"method\":\"a\"}",
                "{\"method\":\"a\"}", "{\"id\":1}", "{\"id\":1,\"method\":2}", "{\"id\":1,\"method\":\"a\",\"params\":[]}",
                "{\"id\":1,\"method\":\"a\"")) {
            assertThat(code(() -> Json.parseRequest(bad))).as(bad).isEqualTo(ErrorCode.MALFORMED_FRAME);
        }
    }

    @Test
    void rejectsWrongTypesAndUnknownParams() {
        for (String bad : List.of("{\"text\":5}", "{\"chatId\":\"5\"}", "{\"chatId\":1.5}", "{\"flag\":\"true\"}",
                "{\"flag\":1}", "{\"ids\":5}", "{\"ids\":[\"a\"]}", "{\"other\":1}", "{\"text\":{}}")) {
            var params = Json.parseRequest("{\"id\":1,\"method\":\"m\",\"params\":" + bad + "}").params();
            assertThat(code(() -> Json.bind(params, P.class))).as(bad).isEqualTo(ErrorCode.PARAMS_INVALID);
        }
    }

    @Test
    void serialisesUpdatesWithTheirType() {
        String json = Json.write(new Frames.Push(new Update.Typing(5, 6)));
        assertThat(json).isEqualTo("{\"update\":{\"type\":\"typing\",\"chatId\":5,\"userId\":6}}");
        assertThat(Json.write(new Frames.Error(null, new FerryException(ErrorCode.FLOOD_WAIT).toBody())))
                .isEqualTo("{\"error\":{\"code\":\"FLOOD_WAIT\",\"message\":\"" + ErrorCode.FLOOD_WAIT.description() + "\"}}");
    }
}

package org.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.ferry.e2e.Users.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and refused calls over real sockets: each gets its error code and nobody else notices. */
class ErrorsEndToEndTest {
    @TempDir
    static Path data;
    static ServerProcess server;

    @BeforeAll
    static void start() {
        // Codes live 2 s here so that expiry can be tested without waiting five minutes.
        server = new ServerProcess(data, "--codes.ttl=2s").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void wrongCodeAndTheSixthTry() {
        String phone = Users.newPhone();
        try (WsClient ws = new WsClient(server.ws())) {
            String e164 = ws.call("auth.sendCode", Map.of("phone", phone)).get("phone").asText();
            String code = server.takeCode(e164);
            for (int i = 0; i < 5; i++) {
                assertThat(ws.fails("auth.signIn", Map.of("phone", phone, "code", wrong(code))))
                        .isEqualTo("PHONE_CODE_INVALID");
            }
            assertThat(ws.fails("auth.signIn", Map.of("phone", phone, "code", code))).isEqualTo("PHONE_CODE_EXPIRED");
        }
    }

    @Test
    void expiredCode() {
        String phone = Users.newPhone();
        try (WsClient ws = new WsClient(server.ws())) {
            String e164 = ws.call("auth.sendCode", Map.of("phone", phone)).get("phone").asText();
            String code = server.takeCode(e164);
            ServerProcess.sleep(2_500);
            assertThat(ws.fails("auth.signIn", Map.of("phone", phone, "code", code))).isEqualTo("PHONE_CODE_EXPIRED");
        }
    }

    @Test
    void unknownAndRevokedTokens() {
        try (WsClient ws = new WsClient(server.ws())) {
            assertThat(ws.fails("auth.resume", Map.of("token", "not-a-token"))).isEqualTo("AUTH_KEY_UNREGISTERED");
            assertThat(ws.fails("messages.getDialogs", Map.of())).isEqualTo("AUTH_KEY_UNREGISTERED");
        }
        User a = Users.signUp(server, "Ada");
        WsClient second = Users.resume(server, a.token());
        second.call("auth.logOut");
        // logging out cuts off every connection of the session at once, and the token is dead
        assertThat(a.ws().awaitClose()).isNotNegative();
        try (WsClient ws = new WsClient(server.ws())) {
            assertThat(ws.fails("auth.resume", Map.of("token", a.token()))).isEqualTo("AUTH_KEY_UNREGISTERED");
        }
        second.close();
    }

    @Test
    void terminatedSessionIsCutOffAtOnce() {
        User a = Users.signUp(server, "Ada");
        WsClient other = new WsClient(server.ws());
        other.call("auth.sendCode", Map.of("phone", a.phone()));
        String code = a.ws().awaitUpdate(u -> u.get("type").asText().equals("loginCode")).get("code").asText();
        long otherSession = other.call("auth.signIn", Map.of("phone", a.phone(), "code", code)).get("sessionId").asLong();
        a.ws().call("account.terminateSession", Map.of("sessionId", otherSession));
        other.awaitClose();
        assertThat(a.ws().call("account.getSessions")).hasSize(1);
    }

    @Test
    void writingToAChatOneIsNotIn() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        User c = Users.signUp(server, "Cy");
        long chat = a.ws().call("chats.openPrivate", Map.of("userId", b.id())).get("id").asLong();
        assertThat(c.ws().fails("messages.send", Map.of("chatId", chat, "text", "hi"))).isEqualTo("CHAT_WRITE_FORBIDDEN");
        assertThat(c.ws().fails("messages.getHistory", Map.of("chatId", chat))).isEqualTo("CHANNEL_PRIVATE");
    }

    @Test
    void malformedFramesUnknownMethodsAndWrongTypes() {
        User a = Users.signUp(server, "Ada");
        WsClient ws = a.ws();
        ws.sendRaw("{not json");
        JsonNode err = ws.nextUnmatched();
        assertThat(err.get("error").get("code").asText()).isEqualTo("MALFORMED_FRAME");
        ws.sendRaw("{\"id\": 99}");
        assertThat(ws.nextUnmatched().get("error").get("code").asText()).isEqualTo("MALFORMED_FRAME");
        assertThat(ws.fails("no.such.method", Map.of())).isEqualTo("METHOD_INVALID");
        assertThat(ws.fails("messages.send", Map.of("chatId", "five", "text", "x"))).isEqualTo("PARAMS_INVALID");
        // the connection is still healthy
        assertThat(ws.call("users.getSelf").get("id").asLong()).isEqualTo(a.id());
    }

    @Test
    void oversizeFrameIsRefusedAndOthersCarryOn() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        long chat = a.ws().call("chats.openPrivate", Map.of("userId", b.id())).get("id").asLong();
        WsClient big = Users.resume(server, a.token());
        String huge = "{\"id\":1,\"method\":\"messages.send\",\"params\":{\"chatId\":" + chat + ",\"text\":\""
                + "x".repeat(70 * 1024) + "\"}}";
        big.sendRaw(huge);
        JsonNode answer = big.nextUnmatched();
        boolean refused = big.isClosed() || (answer != null && answer.get("error").get("code").asText().equals("FRAME_TOO_LARGE"));
        assertThat(refused).as("oversize frame refused: %s", answer).isTrue();
        a.ws().call("messages.send", Map.of("chatId", chat, "text", "still fine"));
        b.ws().awaitMessage("still fine");
        big.close();
    }
}

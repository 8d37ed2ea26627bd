package org.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Signs people up against a {@link ServerProcess} the way a client does. */
final class Users {
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 50_000_000));

    /** A signed-in user with one open connection. */
    record User(long id, String phone, String token, WsClient ws) {
    }

    private Users() {
    }

    /** A valid German mobile number, unique within this test run. */
    static String newPhone() {
        return String.format("+49151%08d", NEXT.incrementAndGet() % 100_000_000);
    }

    static User signUp(ServerProcess server, String firstName) {
        String phone = newPhone();
        WsClient ws = new WsClient(server.ws());
        JsonNode sent = ws.call("auth.sendCode", Map.of("phone", phone));
        String code = server.takeCode(sent.get("phone").asText());
        JsonNode in = ws.call("auth.signIn", Map.of("phone", phone, "code", code));
        if (!"signUpRequired".equals(in.get("status").asText())) {
            throw new AssertionError("new number did not need sign-up: " + in);
        }
        JsonNode up = ws.call("auth.signUp", Map.of("phone", phone, "code", code, "firstName", firstName,
                "device", "e2e test"));
        return new User(up.get("user").get("id").asLong(), sent.get("phone").asText(), up.get("token").asText(), ws);
    }

    /** A second connection of the same session. */
    static WsClient resume(ServerProcess server, String token) {
        WsClient ws = new WsClient(server.ws());
        ws.call("auth.resume", Map.of("token", token));
        return ws;
    }
}

package org.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ferry.e2e.Users.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messenger as users meet it: a server process on RocksDB, clients on real WebSockets. Each test
 * signs up its own users, so tests are independent while sharing one server.
 */
class MessagingEndToEndTest {
    @TempDir
    static Path data;
    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = new ServerProcess(data).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static boolean isMessage(JsonNode u, String text) {
        return "newMessage".equals(u.get("type").asText()) && text.equals(u.get("message").path("text").asText(null));
    }

    private static long openPrivate(User a, User b) {
        return a.ws().call("chats.openPrivate", Map.of("userId", b.id())).get("id").asLong();
    }

    private static JsonNode send(User u, long chatId, String text) {
        return u.ws().call("messages.send", Map.of("chatId", chatId, "text", text));
    }

    @Test
    void privateChatBothWaysWithLivePushesAndTheSendersSecondSession() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        long chat = openPrivate(a, b);

        // Ada signs in on a second device; the code arrives in-app on her first one.
        WsClient a2 = new WsClient(server.ws());
        assertThat(a2.call("auth.sendCode", Map.of("phone", a.phone())).get("delivery").asText()).isEqualTo("app");
        String code = a.ws().awaitUpdate(u -> u.get("type").asText().equals("loginCode")).get("code").asText();
        assertThat(a2.call("auth.signIn", Map.of("phone", a.phone(), "code", code)).get("status").asText())
                .isEqualTo("signedIn");

        JsonNode sent = send(a, chat, "hello Bob");
        JsonNode atB = b.ws().awaitMessage("hello Bob");
        assertThat(atB.get("seq").asLong()).isEqualTo(sent.get("id").asLong());
        assertThat(atB.get("message").get("senderId").asLong()).isEqualTo(a.id());
        a2.awaitMessage("hello Bob");

        send(b, chat, "hi Ada");
        a.ws().awaitMessage("hi Ada");
        a2.awaitMessage("hi Ada");
        a2.close();
    }

    @Test
    void twoConnectionsOfOneSessionSeeEachOthersSends() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        long chat = openPrivate(a, b);
        WsClient secondTab = Users.resume(server, a.token()); // same token: same session, another connection
        send(a, chat, "from the first tab");
        secondTab.awaitMessage("from the first tab");
        assertThat(a.ws().seesWithin(200, u -> isMessage(u, "from the first tab"))).isFalse();
        secondTab.close();
    }

    @Test
    void groupOfThreeWithAddAndRemove() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        User c = Users.signUp(server, "Cy");
        long group = a.ws().call("chats.createGroup", Map.of("title", "Trio", "userIds", List.of(b.id()))).get("id").asLong();
        a.ws().call("chats.addMembers", Map.of("chatId", group, "userIds", List.of(c.id())));
        c.ws().awaitUpdate(u -> u.path("message").path("action").path("type").asText().equals("membersAdded"));
        send(c, group, "hello group");
        a.ws().awaitMessage("hello group");
        b.ws().awaitMessage("hello group");

        a.ws().call("chats.removeMember", Map.of("chatId", group, "userId", c.id()));
        c.ws().awaitUpdate(u -> u.path("message").path("action").path("type").asText().equals("memberRemoved"));
        assertThat(c.ws().fails("messages.send", Map.of("chatId", group, "text", "still here?")))
                .isEqualTo("CHAT_WRITE_FORBIDDEN");
        send(b, group, "just us");
        a.ws().awaitMessage("just us");
        assertThat(c.ws().seesWithin(300, u -> isMessage(u, "just us"))).isFalse();
    }

    @Test
    void channelSubscribersReceivePostsAndCannotPost() {
        User admin = Users.signUp(server, "Ada");
        User s1 = Users.signUp(server, "Bob");
        User s2 = Users.signUp(server, "Cy");
        String name = "news" + Math.abs(System.nanoTime() % 1_000_000);
        long channel = admin.ws().call("chats.createChannel", Map.of("title", "News", "username", name))
                .get("id").asLong();
        s1.ws().call("chats.join", Map.of("username", name));
        s2.ws().call("chats.join", Map.of("chatId", channel));
        send(admin, channel, "breaking news");
        s1.ws().awaitMessage("breaking news");
        s2.ws().awaitMessage("breaking news");
        assertThat(s1.ws().fails("messages.send", Map.of("chatId", channel, "text", "me too")))
                .isEqualTo("CHAT_WRITE_FORBIDDEN");
    }

    @Test
    void editDeleteReplyAndForwardAreSeenByTheOthers() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        User c = Users.signUp(server, "Cy");
        long ab = openPrivate(a, b);
        long bc = openPrivate(b, c);
        long id = send(a, ab, "helo").get("id").asLong();
        b.ws().awaitMessage("helo");

        a.ws().call("messages.edit", Map.of("chatId", ab, "id", id, "text", "hello"));
        JsonNode edited = b.ws().awaitUpdate(u -> u.get("type").asText().equals("messageEdited"));
        assertThat(edited.get("message").get("text").asText()).isEqualTo("hello");

        b.ws().call("messages.send", Map.of("chatId", ab, "text", "hi!", "replyToId", id));
        assertThat(a.ws().awaitMessage("hi!").get("message").get("replyToId").asLong()).isEqualTo(id);

        b.ws().call("messages.forward", Map.of("fromChatId", ab, "ids", List.of(id), "toChatId", bc));
        JsonNode fwd = c.ws().awaitMessage("hello");
        assertThat(fwd.get("message").get("forwardFrom").get("senderId").asLong()).isEqualTo(a.id());

        a.ws().call("messages.delete", Map.of("chatId", ab, "ids", List.of(id), "forEveryone", true));
        JsonNode deleted = b.ws().awaitUpdate(u -> u.get("type").asText().equals("messagesDeleted"));
        assertThat(deleted.get("ids").get(0).asLong()).isEqualTo(id);
    }

    @Test
    void readReceiptReachesTheSender() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        long chat = openPrivate(a, b);
        long id = send(a, chat, "read me").get("id").asLong();
        b.ws().awaitMessage("read me");
        b.ws().call("messages.readHistory", Map.of("chatId", chat, "maxId", id));
        JsonNode receipt = a.ws().awaitUpdate(u -> u.get("type").asText().equals("readOutbox"));
        assertThat(receipt.get("maxId").asLong()).isEqualTo(id);
    }

    @Test
    void offlineUserReconnectsAndCatchesUpByDifference() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        long chat = openPrivate(a, b);
        send(a, chat, "before");
        long seen = b.ws().awaitMessage("before").get("seq").asLong();
        long token = b.ws().call("updates.getState").get("feed").asLong();
        b.ws().close();
        b.ws().awaitClose();

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add("while you were away " + i);
            send(a, chat, sent.getLast());
        }

        WsClient back = Users.resume(server, b.token());
        JsonNode feed = back.call("updates.getFeed", Map.of("after", token));
        List<Long> changed = new ArrayList<>();
        feed.get("entries").forEach(e -> changed.add(e.get("chatId").asLong()));
        assertThat(changed).contains(chat);
        JsonNode diff = back.call("updates.getDifference", Map.of("chatId", chat, "afterSeq", seen));
        List<String> texts = new ArrayList<>();
        diff.get("updates").forEach(u -> texts.add(u.get("message").get("text").asText()));
        assertThat(texts).containsExactlyElementsOf(sent);
        assertThat(diff.get("tooLong").asBoolean()).isFalse();
        back.close();
    }

    @Test
    void retriedSendWithTheSameRandomIdStoresOneMessage() {
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        long chat = openPrivate(a, b);
        Map<String, Object> params = Map.of("chatId", chat, "text", "exactly once", "randomId", 424242L);
        long first = a.ws().call("messages.send", params).get("id").asLong();
        // the retry arrives over another connection, as after a reconnect
        WsClient again = Users.resume(server, a.token());
        assertThat(again.call("messages.send", params).get("id").asLong()).isEqualTo(first);
        JsonNode history = b.ws().call("messages.getHistory", Map.of("chatId", chat));
        assertThat(history.get("messages")).hasSize(1);
        again.close();
    }

    @Test
    void theHttpApiServesTheSameMethodsWithABearerToken() throws Exception {
        User a = Users.signUp(server, "Ada");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(server.http("/api/users.getSelf"))
                .header("Authorization", "Bearer " + a.token())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"id\":" + a.id());
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(server.http("/api/users.getSelf"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("AUTH_KEY_UNREGISTERED");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.http("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("<html");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(server.admin("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(URI.create("http://x").getScheme()).isEqualTo("http");
    }
}

package org.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.ferry.e2e.Users.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Ack means durable": senders loop over several connections, the server is killed with SIGKILL in the
 * middle, restarted on the same data directory, and every acknowledged message is there exactly once.
 */
class CrashEndToEndTest {
    @TempDir
    Path data;

    @Test
    void everyAcknowledgedMessageSurvivesSigkillExactlyOnce() throws Exception {
        ServerProcess server = new ServerProcess(data).start();
        User a = Users.signUp(server, "Ada");
        User b = Users.signUp(server, "Bob");
        long chat = a.ws().call("chats.openPrivate", Map.of("userId", b.id())).get("id").asLong();

        int senders = 4;
        Map<String, Long> acked = new ConcurrentHashMap<>();
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(senders);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            WsClient ws = Users.resume(server, a.token());
            threads.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                for (int i = 0; ; i++) {
                    String text = "crash-" + sender + "-" + i;
                    attempts.incrementAndGet();
                    try {
                        JsonNode m = ws.call("messages.send", Map.of("chatId", chat, "text", text,
                                "randomId", (long) sender << 32 | i));
                        acked.put(text, m.get("id").asLong());
                    } catch (RuntimeException connectionGone) {
                        return;
                    }
                }
            }));
        }
        started.await();
        while (acked.size() < 300) {
            ServerProcess.sleep(5);
        }
        server.kill();
        for (Thread t : threads) {
            t.join(30_000);
        }
        Map<String, Long> acknowledged = new HashMap<>(acked);
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(300);

        ServerProcess restarted = new ServerProcess(data).start();
        try {
            WsClient ws = Users.resume(restarted, b.token());
            Map<String, Integer> seen = new HashMap<>();
            Map<String, Long> ids = new HashMap<>();
            long after = 0;
            long expectedSeq = 1;
            while (true) {
                JsonNode diff = ws.call("updates.getDifference", Map.of("chatId", chat, "afterSeq", after, "limit", 500));
                assertThat(diff.get("tooLong").asBoolean()).isFalse();
                for (JsonNode u : diff.get("updates")) {
                    assertThat(u.get("seq").asLong()).as("gapless log").isEqualTo(expectedSeq++);
                    String text = u.get("message").get("text").asText();
                    seen.merge(text, 1, Integer::sum);
                    ids.put(text, u.get("message").get("id").asLong());
                }
                after = diff.get("seq").asLong();
                if (!diff.get("more").asBoolean()) {
                    break;
                }
            }
            for (var e : acknowledged.entrySet()) {
                assertThat(seen.get(e.getKey())).as("acknowledged %s present exactly once", e.getKey()).isEqualTo(1);
                assertThat(ids.get(e.getKey())).isEqualTo(e.getValue());
            }
            assertThat(seen.values()).allMatch(n -> n == 1);

            // A client that never got its ack retries with the same randomId after the restart: still one copy.
            WsClient retry = Users.resume(restarted, a.token());
            String lastAcked = acknowledged.keySet().iterator().next();
            String[] parts = lastAcked.split("-");
            long randomId = Long.parseLong(parts[1]) << 32 | Long.parseLong(parts[2]);
            JsonNode again = retry.call("messages.send", Map.of("chatId", chat, "text", lastAcked, "randomId", randomId));
            assertThat(again.get("id").asLong()).isEqualTo(acknowledged.get(lastAcked));
            retry.close();
            ws.close();
        } finally {
            restarted.close();
        }
    }
}

package org.ferry.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.bench.client.RpcError;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.Counter;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.Latency;
import org.ferry.bench.load.Metrics;

/**
 * Signed-in users chatting, shared by {@code chat} and {@code surge}: {@code users} accounts, each on its own
 * connection, in private chats (pairs) and groups of {@code groupSize}. Each {@link #send} is one
 * {@code messages.send} from the next conversation in turn, by its members in turn. The text carries the
 * intended send time, so every recipient measures send→delivery itself (one clock: one process). Records
 * latencies {@code ack} and {@code delivery}, counters {@code sent}, {@code acked}, {@code delivered}. Thread-safe
 * once set up.
 */
final class ChatLoad {
    /** A chat and the indexes of its members' connections. */
    record Conversation(long chatId, int[] members) {
    }

    private final Metrics metrics;
    private final Latency ack;
    private final Counter sent;
    private final Counter acked;
    private final Counter skipped;
    private final InFlight inFlight;
    private final Deliveries deliveries;
    private final AtomicLong next = new AtomicLong();
    private List<WsConnection> connections;
    private List<Conversation> conversations;

    ChatLoad(Metrics metrics, InFlight inFlight) {
        this.metrics = metrics;
        this.ack = metrics.latency("ack");
        this.sent = metrics.counter("sent");
        this.acked = metrics.counter("acked");
        this.skipped = metrics.counter("skipped");
        this.inFlight = inFlight;
        this.deliveries = new Deliveries(metrics);
    }

    /** Connects and signs up {@code users} accounts, then creates their chats. */
    void setUp(Context ctx, int users, int groupSize, double groupShare) throws InterruptedException {
        Accounts accounts = new Accounts(ctx.target().codes(), null);
        PhoneNumbers phones = new PhoneNumbers();
        List<WsConnection> conns = SignupScenario.connect(ctx, users, 0);
        List<Accounts.Account> signedUp = Setup.all("signUp", conns.size(), 256, metrics, ctx.timeline(),
                i -> accounts.signUp(conns.get(i), phones.next()));
        List<WsConnection> ready = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < conns.size(); i++) {
            if (signedUp.get(i) != null) {
                ready.add(conns.get(i));
                ids.add(signedUp.get(i).userId());
            }
        }
        List<int[]> plans = ChatShape.conversations(ready.size(), groupSize, groupShare);
        List<Conversation> chats = Setup.all("createChat", plans.size(), 128, metrics, ctx.timeline(), i -> {
            int[] members = plans.get(i);
            WsConnection owner = ready.get(members[0]);
            CompletableFuture<JsonNode> created;
            if (members.length == 2) {
                created = owner.call("chats.openPrivate", "{\"userId\":" + ids.get(members[1]) + "}");
            } else {
                StringBuilder others = new StringBuilder();
                for (int k = 1; k < members.length; k++) {
                    others.append(k > 1 ? "," : "").append(ids.get(members[k]));
                }
                created = owner.call("chats.createGroup", "{\"title\":\"bench " + i + "\",\"userIds\":[" + others + "]}");
            }
            return created.thenApply(chat -> new Conversation(chat.path("id").asLong(), members));
        }).stream().filter(c -> c != null && c.chatId() != 0).toList();
        for (WsConnection c : ready) {
            c.onUpdate(deliveries.forConnection());
        }
        this.connections = ready;
        this.conversations = chats;
        if (chats.isEmpty()) {
            throw new IllegalStateException("no chat could be created; see the errors above");
        }
    }

    int conversationCount() {
        return conversations.size();
    }

    int userCount() {
        return connections.size();
    }

    /** Sends the next message, due at {@code intended}. */
    void send(long intended) {
        if (!inFlight.tryStart()) {
            skipped.increment();
            return;
        }
        long i = next.getAndIncrement();
        Conversation chat = conversations.get(ChatShape.conversation(i, conversations.size()));
        int sender = ChatShape.sender(i, conversations.size(), chat.members());
        sent.increment();
        deliveries.owe(chat.members().length - 1);
        String params = "{\"chatId\":" + chat.chatId() + ",\"text\":\"" + ChatShape.text(intended)
                + "\",\"randomId\":" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + "}";
        connections.get(sender).callForAck("messages.send", params).whenComplete((r, failure) -> {
            if (failure == null) {
                ack.since(intended);
                acked.increment();
            } else {
                String code = RpcError.codeOf(failure);
                metrics.error("send", code);
                if (RpcError.refused(code)) {
                    deliveries.refused(chat.members().length - 1);
                }
            }
            inFlight.done();
        });
    }

    /** Deliveries owed for the messages sent so far and not received. */
    long deliveriesMissing() {
        return deliveries.missing();
    }

    /** Average recipients per message sent so far. */
    double recipientsPerMessage() {
        return deliveries.perMessage(metrics.total("sent"));
    }

    /** Waits for answers and pushes still on their way, at most {@code timeout}. */
    void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        inFlight.awaitDrained(timeout);
        deliveries.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    void close() {
        connections.forEach(WsConnection::close);
    }
}

package org.ferry.bench.ceiling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.ferry.bench.client.RpcError;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.Counter;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.Latency;
import org.ferry.bench.load.Metrics;
import org.ferry.bench.scenario.ChatShape;
import org.ferry.bench.scenario.Deliveries;

/**
 * What {@code echo} sends to {@link EchoServer}: each {@link #send} is one request the size of a
 * {@code messages.send}, and its echo is its ack (counters {@code sent}, {@code echoed}, {@code skipped}).
 * {@link #plain} sends from each connection in turn and times the echo as latency {@code echo}. {@link #chat}
 * registers the connections and groups them like the {@code chat} load's users ({@link ChatShape}): each message
 * comes from the next conversation's next member and names the other members, to whom the server pushes it, and
 * each push is timed ({@link Deliveries}); the echo is then latency {@code ack}, as in {@code chat}. Thread-safe.
 */
final class EchoLoad {
    /** Plain echo's params: a messages.send's, its text padded out. */
    private static final String PLAIN_HEAD = "{\"chatId\":1234567890123,\"text\":\"b";
    private static final String PLAIN_TAIL = "x".repeat(40) + "\",\"randomId\":1234567890123456789}";
    /** Chat-shaped params: a messages.send's as the chat load sends them (ids as wide as Ferry's), and recipients. */
    private static final String CHAT_HEAD = "{\"chatId\":493827161088257,\"text\":\"";
    private static final String CHAT_TAIL = "\",\"randomId\":1234567890123456789,\"to\":[";

    private final Metrics metrics;
    private final List<WsConnection> connections;
    /** Conversations of connection indexes; empty for the plain echo. */
    private final List<int[]> conversations;
    private final Deliveries deliveries;
    private final InFlight inFlight;
    private final Latency ack;
    private final Counter sent;
    private final Counter echoed;
    private final Counter skipped;
    private final AtomicLong next = new AtomicLong();

    private EchoLoad(Metrics metrics, List<WsConnection> connections, List<int[]> conversations, InFlight inFlight,
                     String ackLatency) {
        this.metrics = metrics;
        this.connections = connections;
        this.conversations = conversations;
        this.deliveries = new Deliveries(metrics);
        this.inFlight = inFlight;
        this.ack = metrics.latency(ackLatency);
        this.sent = metrics.counter("sent");
        this.echoed = metrics.counter("echoed");
        this.skipped = metrics.counter("skipped");
    }

    /** One frame in, one out: from each connection in turn. */
    static EchoLoad plain(Metrics metrics, List<WsConnection> connections, InFlight inFlight) {
        return new EchoLoad(metrics, connections, List.of(), inFlight, "echo");
    }

    /**
     * The chat's frames: registers each connection under its index, then groups them into conversations of
     * {@code groupSize} and pairs as {@code chat} does.
     */
    static EchoLoad chat(Metrics metrics, List<WsConnection> connections, InFlight inFlight, int groupSize,
                         double groupShare) {
        List<int[]> conversations = ChatShape.conversations(connections.size(), groupSize, groupShare);
        if (conversations.isEmpty()) {
            throw new IllegalArgumentException("--fanout=chat needs at least 2 connections");
        }
        CompletableFuture.allOf(IntStream.range(0, connections.size())
                .mapToObj(i -> connections.get(i).callForAck("echo.register", "{\"index\":" + i + "}"))
                .toArray(CompletableFuture[]::new)).join();
        EchoLoad load = new EchoLoad(metrics, connections, conversations, inFlight, "ack");
        connections.forEach(c -> c.onUpdate(load.deliveries));
        return load;
    }

    int conversationCount() {
        return conversations.size();
    }

    /** Sends the next message, due at {@code intended}. */
    void send(long intended) {
        if (!inFlight.tryStart()) {
            skipped.increment();
            return;
        }
        sent.increment();
        long n = next.getAndIncrement();
        WsConnection from;
        String params;
        if (conversations.isEmpty()) {
            from = connections.get((int) (n % connections.size()));
            params = PLAIN_HEAD + intended + PLAIN_TAIL;
        } else {
            int[] members = conversations.get(ChatShape.conversation(n, conversations.size()));
            int sender = ChatShape.sender(n, conversations.size(), members);
            from = connections.get(sender);
            params = chatParams(members, sender, intended);
            deliveries.owe(members.length - 1);
        }
        from.callForAck("messages.send", params).whenComplete((r, failure) -> {
            if (failure == null) {
                ack.since(intended);
                echoed.increment();
            } else {
                metrics.error("echo", RpcError.codeOf(failure));
            }
            inFlight.done();
        });
    }

    private static String chatParams(int[] members, int sender, long intended) {
        StringBuilder params = new StringBuilder(CHAT_HEAD.length() + CHAT_TAIL.length() + 48)
                .append(CHAT_HEAD).append(ChatShape.text(intended)).append(CHAT_TAIL);
        String separator = "";
        for (int member : members) {
            if (member != sender) {
                params.append(separator).append(member);
                separator = ",";
            }
        }
        return params.append("]}").toString();
    }

    /** Average recipients per message sent so far. */
    double recipientsPerMessage() {
        return deliveries.perMessage(metrics.total("sent"));
    }

    /** Pushes owed and not received. */
    long deliveriesMissing() {
        return deliveries.missing();
    }

    /** Waits for the echoes and pushes still on their way, at most {@code timeout}. */
    void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        inFlight.awaitDrained(timeout);
        deliveries.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
}

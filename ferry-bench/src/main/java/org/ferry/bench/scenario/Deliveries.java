package org.ferry.bench.scenario;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.bench.client.UpdateListener;
import org.ferry.bench.load.Counter;
import org.ferry.bench.load.Latency;
import org.ferry.bench.load.Metrics;

/**
 * The pushes a chat-shaped load is owed and gets: each message sent owes one per recipient (unless the server
 * refuses it, e.g. {@code FLOOD_WAIT} when saturated), and each
 * {@code newMessage} push of a text made by {@link ChatShape#text} is timed from the intended send time it carries
 * (latency {@code delivery}, counter {@code delivered}). Listens on every connection of the load, on their event
 * loops. Thread-safe.
 *
 * <p>{@link #forConnection} also counts the pushes a connection gets out of order (counter
 * {@code pushedOutOfOrder}): a chat's update with a lower seq than one that connection already had from that chat.
 * A real client fetches the difference for each (docs/protocol.md, "Sync model"), so it is a cost of the server's
 * push order even where every push arrives.
 */
public final class Deliveries implements UpdateListener {
    private final Metrics metrics;
    private final Latency delivery;
    private final Counter delivered;
    private final Counter outOfOrder;
    private final AtomicLong owed = new AtomicLong();
    private final AtomicLong refusedMessages = new AtomicLong();

    public Deliveries(Metrics metrics) {
        this.metrics = metrics;
        this.delivery = metrics.latency("delivery");
        this.delivered = metrics.counter("delivered");
        this.outOfOrder = metrics.counter("pushedOutOfOrder");
    }

    /** A listener for one connection's pushes: these, plus the order of each chat's seqs on that connection. */
    public UpdateListener forConnection() {
        Map<Long, Long> highest = new HashMap<>(); // by chat; only this connection's event loop touches it
        return new UpdateListener() {
            @Override
            public void onUpdate(String type, String messageText) {
                Deliveries.this.onUpdate(type, messageText);
            }

            @Override
            public void onUpdate(String type, String messageText, long chatId, long seq) {
                if (seq > 0) {
                    Long before = highest.put(chatId, seq);
                    if (before != null && before > seq) {
                        highest.put(chatId, before);
                        outOfOrder.increment();
                    }
                }
                onUpdate(type, messageText);
            }
        };
    }

    /** Records that a message was sent to {@code recipients} others. */
    public void owe(int recipients) {
        owed.addAndGet(recipients);
    }

    /** Records that a message owed to {@code recipients} others was turned away by the server: nothing is owed. */
    public void refused(int recipients) {
        owed.addAndGet(-recipients);
        refusedMessages.incrementAndGet();
    }

    /** Recipients per message, over the {@code messages} sent so far less those refused. */
    public double perMessage(long messages) {
        long accepted = messages - refusedMessages.get();
        return accepted <= 0 ? 0 : (double) owed.get() / accepted;
    }

    /** Pushes owed and not (yet) received. */
    public long missing() {
        return owed.get() - metrics.total("delivered");
    }

    /** Waits until every push owed has arrived, at most {@code timeout}. */
    public void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (missing() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void onUpdate(String type, String text) {
        if (type.equals("newMessage") && ChatShape.isTimed(text)) {
            delivery.since(ChatShape.intended(text));
            delivered.increment();
        }
    }
}

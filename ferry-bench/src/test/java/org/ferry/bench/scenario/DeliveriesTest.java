package org.ferry.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.ferry.bench.client.RpcError;
import org.ferry.bench.client.UpdateListener;
import org.ferry.bench.load.Metrics;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
    @Test
    void aRefusedMessageIsOwedToNobody() {
        Metrics metrics = new Metrics();
        Deliveries deliveries = new Deliveries(metrics);
        deliveries.owe(4);
        deliveries.owe(1);
        deliveries.owe(1);
        deliveries.refused(1); // the server said FLOOD_WAIT to one of the pairs
        deliveries.onUpdate("newMessage", ChatShape.text(System.nanoTime()));

        assertThat(deliveries.missing()).isEqualTo(4);
        assertThat(deliveries.perMessage(3)).isEqualTo(2.5);
    }

    @Test
    void aPushBelowTheHighestSeqItsConnectionHadFromThatChatIsOutOfOrder() {
        Metrics metrics = new Metrics();
        Deliveries deliveries = new Deliveries(metrics);
        UpdateListener first = deliveries.forConnection();
        UpdateListener second = deliveries.forConnection();
        String text = ChatShape.text(System.nanoTime());
        first.onUpdate("newMessage", text, 7, 1);
        first.onUpdate("newMessage", text, 7, 3);
        first.onUpdate("newMessage", text, 7, 2); // out of order
        first.onUpdate("newMessage", text, 7, 4);
        first.onUpdate("newMessage", text, 8, 1); // another chat has its own order
        second.onUpdate("newMessage", text, 7, 2); // another connection too
        second.onUpdate("typing", "", 7, 0); // no seq
        second.onUpdate("newMessage", text, 7, 1); // out of order

        assertThat(metrics.total("pushedOutOfOrder")).isEqualTo(2);
        assertThat(metrics.total("delivered")).isEqualTo(7);
    }

    @Test
    void onlyAnAnsweredErrorOtherThanInternalIsARefusal() {
        assertThat(RpcError.refused("FLOOD_WAIT")).isTrue();
        assertThat(RpcError.refused("CHAT_WRITE_FORBIDDEN")).isTrue();
        assertThat(RpcError.refused("INTERNAL")).isFalse();
        assertThat(RpcError.refused(RpcError.CONNECTION_CLOSED)).isFalse();
        assertThat(RpcError.refused("CLIENT_TimeoutException")).isFalse();
    }
}

package org.ferry.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.ferry.bench.client.RpcError;
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
    void onlyAnAnsweredErrorOtherThanInternalIsARefusal() {
        assertThat(RpcError.refused("FLOOD_WAIT")).isTrue();
        assertThat(RpcError.refused("CHAT_WRITE_FORBIDDEN")).isTrue();
        assertThat(RpcError.refused("INTERNAL")).isFalse();
        assertThat(RpcError.refused(RpcError.CONNECTION_CLOSED)).isFalse();
        assertThat(RpcError.refused("CLIENT_TimeoutException")).isFalse();
    }
}

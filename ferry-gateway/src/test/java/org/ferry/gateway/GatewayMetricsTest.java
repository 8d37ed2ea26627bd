package org.ferry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ferry.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

/** Requests counted by method tag and outcome, and how client-chosen method names are kept from the tags. */
class GatewayMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    @Test
    void countsRequestsByMethodAndOutcomeAndTimesThem() {
        metrics.request("messages.send", null, 2_000_000);
        metrics.request("messages.send", null, 3_000_000);
        metrics.request("messages.send", ErrorCode.PEER_ID_INVALID, 1_000_000);

        assertThat(requests("messages.send", "ok")).isEqualTo(2);
        assertThat(requests("messages.send", "PEER_ID_INVALID")).isEqualTo(1);
        Timer latency = registry.find("ferry.request.latency").tag("method", "messages.send").timer();
        assertThat(latency.count()).isEqualTo(3);
        assertThat(latency.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(6.0);
    }

    @Test
    void aMethodTheHandlerDoesNotKnowIsTaggedUnknownAndNeverBecomesATag() {
        metrics.request("no.suchMethod", ErrorCode.METHOD_INVALID, 1_000);
        metrics.request("no.suchMethod", ErrorCode.METHOD_INVALID, 1_000);

        assertThat(requests("unknown", "METHOD_INVALID")).isEqualTo(2);
        assertThat(registry.find("ferry.requests").tag("method", "no.suchMethod").functionCounters()).isEmpty();
    }

    @Test
    void namesThatDoNotLookLikeAMethodAndNamesPastTheLimitAreTaggedOther() {
        metrics.request("Robert'); DROP TABLE", ErrorCode.AUTH_KEY_UNREGISTERED, 1_000);
        metrics.request(null, ErrorCode.PARAMS_INVALID, 1_000);
        for (int i = 0; i < GatewayMetrics.MAX_METHOD_TAGS + 10; i++) {
            metrics.request("m" + i, null, 1_000);
        }

        assertThat(requests("other", "AUTH_KEY_UNREGISTERED")).isEqualTo(1);
        assertThat(requests("other", "PARAMS_INVALID")).isEqualTo(1);
        long tags = registry.find("ferry.request.latency").timers().size();
        assertThat(tags).isEqualTo(GatewayMetrics.MAX_METHOD_TAGS);
        assertThat(requests("m0", "ok")).isEqualTo(1);
        assertThat(requests("other", "ok")).as("the methods past the limit").isEqualTo(11);
    }

    @Test
    void countsFramesRejectedBeforeTheyNamedAMethodAndPushes() {
        metrics.rejected(ErrorCode.MALFORMED_FRAME);
        metrics.pushSent();
        metrics.pushSent();
        metrics.pushDropped();

        assertThat(requests("none", "MALFORMED_FRAME")).isEqualTo(1);
        assertThat(registry.find("ferry.pushes.sent").functionCounter().count()).isEqualTo(2);
        assertThat(registry.find("ferry.pushes.dropped").functionCounter().count()).isEqualTo(1);
    }

    private double requests(String method, String outcome) {
        FunctionCounter counter = registry.find("ferry.requests").tag("method", method).tag("outcome", outcome)
                .functionCounter();
        return counter == null ? 0 : counter.count();
    }
}

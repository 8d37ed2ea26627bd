package org.ferry.core.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ferry.core.testkit.RecordingSink;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.Test;

class LocalPushBusTest {
    private final LocalPushBus bus = new LocalPushBus();

    @Test
    void deliversPerUserAndPerLargeChatExceptTheAuthorsSession() {
        RecordingSink a1 = new RecordingSink(1, 11);
        RecordingSink a2 = new RecordingSink(1, 12);
        RecordingSink b = new RecordingSink(2, 21);
        bus.register(a1, List.of(100L));
        bus.register(a2, List.of());
        bus.register(b, List.of(100L));

        bus.toUsers(List.of(1L, 2L), new Update.Typing(5, 1), a1);
        assertThat(a1.updates()).isEmpty();
        assertThat(a2.updates()).hasSize(1);
        assertThat(b.updates()).hasSize(1);

        bus.toChat(100, new Update.Typing(100, 1), null);
        assertThat(a1.updates()).hasSize(1);
        assertThat(a2.updates()).hasSize(1);
        bus.subscribe(1, 100);
        bus.toChat(100, new Update.Typing(100, 1), null);
        assertThat(a2.updates()).hasSize(2);
        assertThat(b.updates()).hasSize(3);
        bus.unsubscribe(2, 100);
        bus.toChat(100, new Update.Typing(100, 1), null);
        assertThat(b.updates()).hasSize(3);
    }

    @Test
    void unregisterForgetsTheSinkEverywhereAndCloseSessionClosesOnlyThatSession() {
        RecordingSink a1 = new RecordingSink(1, 11);
        RecordingSink a2 = new RecordingSink(1, 12);
        bus.register(a1, List.of(100L));
        bus.register(a2, List.of(100L));
        assertThat(bus.isOnline(1)).isTrue();
        RecordingSink other = new RecordingSink(2, 12); // another user's session with the same id: not closed
        bus.register(other, List.of());
        bus.closeSession(1, 12, ErrorCode.SESSION_REVOKED);
        assertThat(a2.closedWith()).isEqualTo(ErrorCode.SESSION_REVOKED);
        assertThat(a1.closedWith()).isNull();
        assertThat(other.closedWith()).isNull();
        bus.unregister(other);
        bus.unregister(a1);
        bus.unregister(a2);
        assertThat(bus.isOnline(1)).isFalse();
        bus.toChat(100, new Update.Typing(100, 1), null);
        assertThat(a1.updates()).isEmpty();
    }
}

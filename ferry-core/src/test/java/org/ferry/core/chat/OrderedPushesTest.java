package org.ferry.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedPushesTest {
    private final OrderedPushes pushes = new OrderedPushes();
    private final List<String> pushed = new ArrayList<>();

    @Test
    void aPublisherPushesWhatWasAddedBeforeItInOrderAndTheLastOneOutRemovesTheOutbox() {
        OrderedPushes.Outbox first = pushes.open(7);
        OrderedPushes.Outbox second = pushes.open(7);
        assertThat(second).isSameAs(first);
        assertThat(pushes.open(8)).isNotSameAs(first);

        first.add(() -> pushed.add("seq 1"));
        second.add(() -> pushed.add("seq 2"));
        second.pushAll();
        assertThat(pushed).containsExactly("seq 1", "seq 2");
        first.pushAll();
        assertThat(pushed).as("each push made once").containsExactly("seq 1", "seq 2");

        second.close();
        assertThat(pushes.openChats()).isEqualTo(2);
        first.close();
        assertThat(pushes.openChats()).as("chat 8's still open").isEqualTo(1);
        assertThat(pushes.open(7)).as("a new outbox once the last publisher left").isNotSameAs(first);
    }

    @Test
    void aFailingPushDoesNotStopTheOnesBehindIt() {
        try (OrderedPushes.Outbox outbox = pushes.open(7)) {
            outbox.add(() -> {
                throw new IllegalStateException("a broken sink");
            });
            outbox.add(() -> pushed.add("seq 2"));
            outbox.pushAll();
        }
        assertThat(pushed).containsExactly("seq 2");
        assertThat(pushes.openChats()).isZero();
    }
}

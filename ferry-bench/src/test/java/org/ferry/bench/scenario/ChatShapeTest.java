package org.ferry.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatShapeTest {
    @Test
    void groupsTheSharedUsersInWholeGroupsAndPairsTheRest() {
        assertThat(ChatShape.conversations(12, 5, 0.5))
                .containsExactly(new int[] {0, 1, 2, 3, 4}, new int[] {5, 6}, new int[] {7, 8}, new int[] {9, 10});
        assertThat(ChatShape.conversations(5, 2, 0.5)).containsExactly(new int[] {0, 1}, new int[] {2, 3});
    }

    @Test
    void conversationsTakeTurnsAndSoDoTheirMembers() {
        List<int[]> conversations = List.of(new int[] {0, 1, 2}, new int[] {3, 4});
        List<Integer> senders = new ArrayList<>();
        for (long n = 0; n < 6; n++) {
            int[] members = conversations.get(ChatShape.conversation(n, conversations.size()));
            senders.add(ChatShape.sender(n, conversations.size(), members));
        }
        assertThat(senders).containsExactly(0, 3, 1, 4, 2, 3);
    }

    @Test
    void aTimedTextCarriesItsIntendedSendTime() {
        String text = ChatShape.text(123_456_789L);
        assertThat(ChatShape.isTimed(text)).isTrue();
        assertThat(ChatShape.intended(text)).isEqualTo(123_456_789L);
        assertThat(ChatShape.isTimed("hello")).isFalse();
    }
}

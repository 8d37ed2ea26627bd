package org.ferry.bench.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of the chat load, apart from any server: which users share which conversations, who sends the n-th
 * message, and its text, which carries its intended send time so that each recipient times its delivery (one
 * clock: one process). Used by {@code chat} and {@code surge} against Ferry and by {@code echo --fanout=chat}
 * against the bare echo server, so that both carry the same frames per message. Stateless.
 */
public final class ChatShape {
    private ChatShape() {
    }

    /**
     * Users {@code 0..users-1} grouped into conversations, as indexes: {@code groupShare} of them (rounded down to
     * whole groups) in groups of {@code groupSize}, none if it is under 3, then the rest in pairs; an odd user out
     * is in none.
     */
    public static List<int[]> conversations(int users, int groupSize, double groupShare) {
        int inGroups = groupSize < 3 ? 0 : (int) (users * groupShare) / groupSize * groupSize;
        List<int[]> plans = new ArrayList<>();
        for (int i = 0; i + groupSize <= inGroups; i += groupSize) {
            int[] members = new int[groupSize];
            for (int k = 0; k < groupSize; k++) {
                members[k] = i + k;
            }
            plans.add(members);
        }
        for (int i = inGroups; i + 1 < users; i += 2) {
            plans.add(new int[] {i, i + 1});
        }
        return plans;
    }

    /** The conversation, of {@code count}, that message {@code n} goes to: conversations take turns. */
    public static int conversation(long n, int count) {
        return (int) (n % count);
    }

    /** Who, of {@code members}, sends message {@code n} among {@code count} conversations: members take turns. */
    public static int sender(long n, int count, int[] members) {
        return members[(int) ((n / count) % members.length)];
    }

    /** The text of a message meant to be sent at {@code intendedNanos} ({@link System#nanoTime}). */
    public static String text(long intendedNanos) {
        return "b" + intendedNanos;
    }

    /** Whether {@code text} is one made by {@link #text}. */
    static boolean isTimed(String text) {
        return text.length() > 1 && text.charAt(0) == 'b';
    }

    /** The intended send time a {@link #isTimed timed} text carries. */
    static long intended(String text) {
        return Long.parseLong(text, 1, text.length(), 10);
    }
}

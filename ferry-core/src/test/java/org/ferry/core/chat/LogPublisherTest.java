package org.ferry.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ferry.core.id.IdGenerator;
import org.ferry.core.model.Chat;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Member;
import org.ferry.core.model.Message;
import org.ferry.core.model.Role;
import org.ferry.core.push.LocalPushBus;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.memory.InMemoryStores;
import org.ferry.core.testkit.ForwardingStores;
import org.ferry.core.testkit.RecordingSink;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.Test;

class LogPublisherTest {
    private static final Chat GROUP = new Chat(1, ChatType.GROUP, "g", null, "", 10, 1_700_000_000L);

    private final InMemoryStores memory = new InMemoryStores();
    private final LocalPushBus bus = new LocalPushBus();
    private final RecordingSink reader = new RecordingSink(30, 1);

    @Test
    void aChatsPushesFollowItsLogWhenItsPublishersResumeOutOfOrder() throws Exception {
        // The first poster's thread stalls between its append and its push (a descheduled thread under load)
        // until the second poster's publish has returned.
        CountDownLatch secondPublished = new CountDownLatch(1);
        Thread[] stalled = new Thread[1];
        LogPublisher publisher = publisher(new StallingLog(memory.log(), () -> {
            if (Thread.currentThread() == stalled[0]) {
                await(secondPublished);
            }
        }));
        CompletableFuture<ChatLogStore.AppendResult> first = new CompletableFuture<>();
        stalled[0] = Thread.ofPlatform().start(() -> first.complete(publisher.append(GROUP, post(10, "first"), List.of(), null)));
        awaitHead(1);

        publisher.append(GROUP, post(20, "second"), List.of(), null);
        assertThat(seqs()).as("the second publish made the stalled first push, then its own").containsExactly(1L, 2L);
        secondPublished.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThat(seqs()).as("nothing pushed twice").containsExactly(1L, 2L);
    }

    @Test
    void aPublishReturnsOnlyOnceItsPushIsMade() {
        LogPublisher publisher = publisher(memory.log());
        for (int i = 1; i <= 3; i++) {
            publisher.append(GROUP, post(10, "m" + i), List.of(), null);
            assertThat(seqs()).hasSize(i);
        }
    }

    @Test
    void aRetriedPostIsPushedAgainAndAMissIsNot() {
        LogPublisher publisher = publisher(memory.log());
        ChatLogStore.Change retried = new ChatLogStore.Change.Post(
                new Message(0, 0, 10, 1_700_000_000L, "once", null, null, null, null, 77));
        publisher.append(GROUP, retried, List.of(), null);
        publisher.append(GROUP, retried, List.of(), null);
        publisher.append(GROUP, new ChatLogStore.Change.Edit(99, "no such message", 1), List.of(), null);

        assertThat(seqs()).as("the first push may have been lost with a dying server: sent again").containsExactly(1L, 1L);
    }

    private LogPublisher publisher(ChatLogStore log) {
        memory.chats().create(GROUP);
        for (long user : new long[] {10, 20, 30}) {
            memory.chats().addMember(new Member(GROUP.id(), user, Role.MEMBER, 1_700_000_000L, 10));
        }
        bus.register(reader, List.of());
        return new LogPublisher(new ForwardingStores(memory) {
            @Override
            public ChatLogStore log() {
                return log;
            }
        }, bus, new IdGenerator(Clock.systemUTC(), 1));
    }

    private List<Long> seqs() {
        return reader.updates(Update.NewMessage.class).stream().map(Update.NewMessage::seq).toList();
    }

    private void awaitHead(long seq) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (memory.log().head(GROUP.id()) < seq) {
            assertThat(System.nanoTime()).as("append of seq %d", seq).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static ChatLogStore.Change post(long senderId, String text) {
        return new ChatLogStore.Change.Post(new Message(0, 0, senderId, 1_700_000_000L, text, null, null, null, null, 0));
    }

    /** A log whose appends run {@code afterAppend} once the entry is durable, before returning. */
    private record StallingLog(ChatLogStore log, Runnable afterAppend) implements ChatLogStore {
        @Override
        public AppendResult append(long chatId, Change change, FeedPointers feed, Consumer<LogEntry> whenDurable) {
            AppendResult result = log.append(chatId, change, feed, whenDurable);
            afterAppend.run();
            return result;
        }

        @Override public long head(long chatId) { return log.head(chatId); }
        @Override public Map<Long, Long> heads(Collection<Long> chatIds) { return log.heads(chatIds); }
        @Override public List<LogEntry> read(long chatId, long afterSeq, int limit) { return log.read(chatId, afterSeq, limit); }
        @Override public Optional<Message> message(long chatId, long messageId) { return log.message(chatId, messageId); }
        @Override public List<Message> history(long chatId, long beforeId, int limit) { return log.history(chatId, beforeId, limit); }
        @Override public List<Message> after(long chatId, long afterId, int limit) { return log.after(chatId, afterId, limit); }
    }
}

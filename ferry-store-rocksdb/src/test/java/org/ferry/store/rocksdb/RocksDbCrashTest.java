package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.core.store.ChatLogStore.AppendResult;
import org.ferry.core.store.ChatLogStore.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ack means durable, at the store level: a child JVM appends and prints every acknowledged seq, is
 * killed with SIGKILL mid-stream, and the reopened database must hold every acknowledged seq exactly
 * once in a gapless log.
 */
class RocksDbCrashTest {
    private static final long CHAT = 4_242;
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppendSurvivesSigkill() throws Exception {
        Path db = dir.resolve("db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), db.toString(), Long.toString(CHAT))
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        List<Long> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                acked.add(Long.parseLong(line.trim()));
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no RocksDB close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        String childErrors = Files.readString(dir.resolve("child.err"));
        assertThat(acked).as("acks before the kill; child stderr:%n%s", childErrors).hasSize(ACKS_BEFORE_KILL);

        try (RocksDbStores stores = RocksDbStores.open(db)) {
            long head = stores.log().head(CHAT);
            List<LogEntry> log = stores.log().read(CHAT, 0, Integer.MAX_VALUE);
            List<Long> seqs = log.stream().map(LogEntry::seq).toList();

            assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, head).boxed().toList());
            assertThat(seqs).containsAll(acked);
            assertThat(new HashSet<>(acked)).hasSize(acked.size());
            // No (sender, randomId) was stored twice: each post went in once.
            Set<String> posts = new HashSet<>();
            for (LogEntry e : log) {
                Message m = ((LogEntry.Posted) e).message();
                assertThat(posts.add(m.senderId() + ":" + m.randomId())).isTrue();
            }
            LogEntry next = ((AppendResult.Appended) stores.log().append(CHAT,
                    new Change.Post(new Message(0, 0, 9, 0, "after restart", null, null, null, null, 0)))).entry();
            assertThat(next.seq()).isEqualTo(head + 1);
        }
    }
}

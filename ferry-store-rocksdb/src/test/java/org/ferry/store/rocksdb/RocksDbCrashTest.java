package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
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
        List<Long> acked = appendUntilKilled(db, List.of(), () -> { });
        assertRecovered(db, acked);
    }

    /**
     * The same with WAL recycling at work: the child flushes a few times first, so the WAL it is appending to when
     * killed is an old file being overwritten, whose tail still holds the previous log's records.
     */
    @Test
    void everyAcknowledgedAppendSurvivesSigkillWhileARecycledWalIsWritten() throws Exception {
        Path db = dir.resolve("db");
        Map<Long, Set<String>> walNames = new HashMap<>();
        List<Long> acked = appendUntilKilled(db, List.of("recycle-wal"), () -> {
            try (Stream<Path> files = Files.list(db)) {
                boolean recycled = false;
                for (Path wal : files.filter(AppendUntilKilled::isWal).toList()) {
                    Set<String> names = walNames.getOrDefault(AppendUntilKilled.inode(wal), Set.of());
                    recycled |= names.stream().anyMatch(name -> !name.equals(wal.getFileName().toString()));
                }
                assertThat(recycled).as("a live WAL reuses an earlier WAL's file; seen: %s", walNames).isTrue();
            }
        }, walNames);
        assertRecovered(db, acked);
    }

    private List<Long> appendUntilKilled(Path db, List<String> extraArgs, Check beforeKill) throws Exception {
        return appendUntilKilled(db, extraArgs, beforeKill, new HashMap<>());
    }

    /**
     * Runs {@link AppendUntilKilled}, collects its acks (and the names its {@code wal} lines gave each inode into
     * {@code walNames}), runs {@code beforeKill} once {@link #ACKS_BEFORE_KILL} appends were acked after its preparation, and
     * kills it with SIGKILL: no shutdown hook, no RocksDB close.
     */
    private List<Long> appendUntilKilled(Path db, List<String> extraArgs, Check beforeKill,
                                         Map<Long, Set<String>> walNames) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), db.toString(), Long.toString(CHAT)));
        command.addAll(extraArgs);
        Process child = new ProcessBuilder(command).redirectError(dir.resolve("child.err").toFile()).start();
        List<Long> acked = new ArrayList<>();
        boolean prepared = extraArgs.isEmpty();
        int ackedWhenPrepared = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((!prepared || acked.size() - ackedWhenPrepared < ACKS_BEFORE_KILL)
                    && (line = out.readLine()) != null) {
                if (line.startsWith("wal ")) {
                    String[] parts = line.split(" ");
                    walNames.computeIfAbsent(Long.parseLong(parts[2]), inode -> new HashSet<>()).add(parts[1]);
                } else if (line.equals(AppendUntilKilled.APPENDING)) {
                    prepared = true;
                    ackedWhenPrepared = acked.size();
                } else {
                    acked.add(Long.parseLong(line.trim()));
                }
            }
            if (prepared) {
                beforeKill.run();
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        String childErrors = Files.readString(dir.resolve("child.err"));
        assertThat(prepared).as("the child's preparation finished; child stderr:%n%s", childErrors).isTrue();
        assertThat(acked.size() - ackedWhenPrepared).as("acks before the kill; child stderr:%n%s", childErrors)
                .isEqualTo(ACKS_BEFORE_KILL);
        return acked;
    }

    private interface Check {
        void run() throws Exception;
    }

    /** The reopened database holds every acknowledged seq exactly once in a gapless log, and appends on. */
    private static void assertRecovered(Path db, List<Long> acked) {
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

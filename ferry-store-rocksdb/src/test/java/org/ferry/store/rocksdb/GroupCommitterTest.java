package org.ferry.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A write queued after another is written only if that one was, and every write's outcome hook runs, in queue
 * order, before its caller is released. A write is made to fail here by an operation without a key, which fails its
 * round while the batch is built. (A batch naming a column family the database lacks fails too, but RocksDB then
 * refuses every later write as well.)
 */
class GroupCommitterTest {
    static {
        RocksDB.loadLibrary();
    }

    @TempDir
    Path dir;
    private Options options;
    private RocksDB db;
    private WriteOptions sync;
    private GroupCommitter committer;

    @BeforeEach
    void open() throws RocksDBException {
        options = new Options().setCreateIfMissing(true);
        db = RocksDB.open(options, dir.toString());
        sync = new WriteOptions().setSync(true);
        committer = new GroupCommitter(db, sync);
    }

    @AfterEach
    void close() {
        committer.close();
        db.close();
        sync.close();
        options.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Engine.Op> put(String key) {
        return List.of(new Engine.Op(0, bytes(key), bytes("v")));
    }

    /** A batch the committer cannot even encode: its round fails before RocksDB sees it. */
    private static List<Engine.Op> broken() {
        return List.of(new Engine.Op(0, null, bytes("v")));
    }

    private CompletableFuture<Void> queue(List<Engine.Op> ops, CompletableFuture<Void> after,
                                          GroupCommitter.Outcome outcome) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        committer.commit(ops, after, outcome, done);
        return done;
    }

    private static Throwable failureOf(CompletableFuture<Void> done) throws Exception {
        try {
            done.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Records its outcome into {@code log} and checks that the caller was not released before it. */
    private static GroupCommitter.Outcome recording(String name, List<String> log, CompletableFuture<Void>[] self) {
        return new GroupCommitter.Outcome() {
            @Override
            public void durable() {
                log.add(name + (self[0].isDone() ? " released early" : " durable"));
            }

            @Override
            public void failed() {
                log.add(name + (self[0].isDone() ? " released early" : " failed"));
            }
        };
    }

    @Test
    void aWriteAfterAFailedOneIsNotWritten() throws Exception {
        CompletableFuture<Void> bad = queue(broken(), null, GroupCommitter.Outcome.NONE);
        assertThat(failureOf(bad)).isInstanceOf(NullPointerException.class);

        CompletableFuture<Void> second = queue(put("b"), bad, GroupCommitter.Outcome.NONE);
        CompletableFuture<Void> third = queue(put("c"), second, GroupCommitter.Outcome.NONE);
        CompletableFuture<Void> independent = queue(put("d"), null, GroupCommitter.Outcome.NONE);
        assertThat(failureOf(second)).isInstanceOf(GroupCommitter.EarlierWriteFailed.class);
        assertThat(failureOf(third)).isInstanceOf(GroupCommitter.EarlierWriteFailed.class);
        assertThat(failureOf(independent)).isNull();

        assertThat(db.get(bytes("b"))).isNull();
        assertThat(db.get(bytes("c"))).isNull();
        assertThat(db.get(bytes("d"))).isEqualTo(bytes("v"));
    }

    @Test
    void aWriteAfterADurableOneIsWritten() throws Exception {
        CompletableFuture<Void> first = queue(put("a"), null, GroupCommitter.Outcome.NONE);
        CompletableFuture<Void> second = queue(put("b"), first, GroupCommitter.Outcome.NONE);
        assertThat(failureOf(first)).isNull();
        assertThat(failureOf(second)).isNull();
        assertThat(db.get(bytes("b"))).isEqualTo(bytes("v"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void outcomesAreToldInQueueOrderBeforeTheirCallersAreReleased() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<String> expected = new ArrayList<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        CompletableFuture<Void> previous = null;
        for (int i = 0; i < 300; i++) {
            if (i == 120) { // the failing write starts a round of its own; it and every write after it fail
                for (CompletableFuture<Void> done : all) {
                    failureOf(done);
                }
            }
            CompletableFuture<Void>[] self = new CompletableFuture[1];
            boolean fails = i == 120;
            self[0] = new CompletableFuture<>();
            committer.commit(fails ? broken() : put("k" + i), previous, recording("w" + i, log, self),
                    self[0]);
            all.add(self[0]);
            previous = self[0];
            expected.add("w" + i + (i < 120 ? " durable" : " failed"));
        }
        for (CompletableFuture<Void> done : all) {
            failureOf(done);
        }
        assertThat(log).isEqualTo(expected);
        assertThat(db.get(bytes("k119"))).isEqualTo(bytes("v"));
        assertThat(db.get(bytes("k121"))).isNull();
        assertThat(db.get(bytes("k299"))).isNull();
    }

    @Test
    void aWriteQueuedAfterCloseFailsAndIsTold() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        committer.close();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] self = new CompletableFuture[] {new CompletableFuture<Void>()};
        committer.commit(put("late"), null, recording("late", log, self), self[0]);
        assertThatThrownBy(() -> self[0].get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(log).containsExactly("late failed");
    }
}

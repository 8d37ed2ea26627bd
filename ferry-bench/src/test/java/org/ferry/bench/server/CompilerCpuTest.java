package org.ferry.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiler threads' CPU from a {@code /proc/PID/task} tree: only theirs, and never going down. */
class CompilerCpuTest {
    @TempDir
    Path tasks;

    @Test
    void sumsTheCompilerThreadsOnly() throws IOException {
        thread("101", "C2 CompilerThre", 30, 5, 1000);
        thread("102", "C1 CompilerThre", 7, 3, 1000);
        thread("103", "ferry-io-2-1", 900, 100, 1000);

        assertThat(new CompilerCpu(tasks).getAsLong()).as("(30 + 5 + 7 + 3) ticks of 10 ms").isEqualTo(450);
    }

    @Test
    void aCompilerThreadThatExitsKeepsWhatItUsed() throws IOException {
        CompilerCpu cpu = new CompilerCpu(tasks);
        thread("101", "C2 CompilerThre", 30, 0, 1000);
        thread("104", "C2 CompilerThre", 10, 0, 1200);
        assertThat(cpu.getAsLong()).isEqualTo(400);

        delete("104");
        thread("101", "C2 CompilerThre", 35, 0, 1000);

        assertThat(cpu.getAsLong()).isEqualTo(450);
    }

    @Test
    void aReusedThreadIdStartsItsOwnCount() throws IOException {
        CompilerCpu cpu = new CompilerCpu(tasks);
        thread("104", "C2 CompilerThre", 10, 0, 1200);
        assertThat(cpu.getAsLong()).isEqualTo(100);

        delete("104");
        thread("104", "C2 CompilerThre", 2, 0, 5000); // a new thread with the old one's id

        assertThat(cpu.getAsLong()).isEqualTo(120);
    }

    @Test
    void anUnreadableProcessIsUnknown() {
        assertThat(new CompilerCpu(tasks.resolve("gone")).getAsLong()).isEqualTo(-1);
    }

    @Test
    void readsThisJvmsOwnCompilerThreads() {
        assertThat(new CompilerCpu(ProcessHandle.current().pid()).getAsLong())
                .as("starting JUnit alone keeps HotSpot's compiler threads busy for more than one 10 ms tick")
                .isPositive();
    }

    /** One thread's directory, with {@code comm} and a {@code stat} line whose command name has spaces. */
    private void thread(String tid, String name, long utime, long stime, long startTime) throws IOException {
        Path dir = Files.createDirectories(tasks.resolve(tid));
        Files.writeString(dir.resolve("comm"), name + "\n");
        StringBuilder stat = new StringBuilder(tid + " (" + name + ") S");
        for (int field = 4; field <= 52; field++) {
            long value = switch (field) {
                case 14 -> utime;
                case 15 -> stime;
                case 22 -> startTime;
                default -> 0;
            };
            stat.append(' ').append(value);
        }
        Files.writeString(dir.resolve("stat"), stat + "\n");
    }

    private void delete(String tid) throws IOException {
        try (Stream<Path> files = Files.walk(tasks.resolve(tid))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

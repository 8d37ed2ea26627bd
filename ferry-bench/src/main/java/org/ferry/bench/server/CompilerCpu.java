package org.ferry.bench.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CPU time, in milliseconds, that a JVM's JIT compiler threads have used, read from {@code /proc/PID/task}: HotSpot
 * names them {@code C1 CompilerThreadN} and {@code C2 CompilerThreadN}, of which the kernel keeps 15 characters.
 * Sampled beside a run, it shows whether the JIT was still compiling while the run was measured (at 16,000 chat
 * messages/s the server's C2 thread took 7-13 µs per message in the run's first ten seconds and 0.6 once done:
 * docs/benchmarks.md, eleventh session).
 *
 * <p>The count never goes down: HotSpot stops compiler threads it no longer needs, and one that has exited keeps
 * what it used. A thread is known by its id and start time, so a reused thread id starts a new count. -1 if the
 * process cannot be read. Not thread-safe: meant for one sampler.
 */
public final class CompilerCpu implements LongSupplier {
    private final Path tasks;
    /** By thread id and start time: CPU milliseconds at the last reading. */
    private final Map<String, Long> used = new HashMap<>();

    /** The compiler threads of process {@code pid}. */
    public CompilerCpu(long pid) {
        this(Path.of("/proc", Long.toString(pid), "task"));
    }

    /**
     * New readers of this JVM's compiler threads and, where the server runs in a process of its own, of the
     * server's: what a warm-up waits on ({@code Warmup.untilJitQuiet}).
     */
    public static List<LongSupplier> benchAndServer(Target target) {
        long self = ProcessHandle.current().pid();
        List<LongSupplier> compilers = new ArrayList<>(List.of(new CompilerCpu(self)));
        if (target.pid().isPresent() && target.pid().getAsLong() != self) {
            compilers.add(new CompilerCpu(target.pid().getAsLong()));
        }
        return compilers;
    }

    /** The compiler threads under {@code tasks}, laid out as {@code /proc/PID/task}. */
    CompilerCpu(Path tasks) {
        this.tasks = tasks;
    }

    @Override
    public long getAsLong() {
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                read(thread);
            }
        } catch (IOException e) {
            return -1;
        }
        long total = 0;
        for (long ms : used.values()) {
            total += ms;
        }
        return total;
    }

    static boolean isCompiler(String threadName) {
        return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
    }

    private void read(Path thread) {
        try {
            if (!isCompiler(Files.readString(thread.resolve("comm")).trim())) {
                return;
            }
            ServerProbe.Ticks ticks = ServerProbe.ticks(Files.readString(thread.resolve("stat")));
            used.put(thread.getFileName() + "@" + ticks.startTime(), ticks.cpuMillis());
        } catch (IOException | RuntimeException e) {
            // the thread ended while being read: its last reading stands
        }
    }
}

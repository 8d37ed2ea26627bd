package org.ferry.core.limit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lowers the Linux scheduling priority ("nice") of the calling thread, for work that should only use CPU nobody
 * else wants. Set per thread with {@code renice} (util-linux) on the thread's kernel id; lowering one's own priority
 * needs no privilege. Where that is not possible (another OS, no {@code /proc/thread-self}, no {@code renice}) the
 * thread stays at normal priority and this is logged once.
 */
public final class ThreadPriority {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ThreadPriority.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ThreadPriority() {
    }

    /**
     * @param niceness 1 (a little below normal) to 19 (lowest)
     * @return whether the priority was lowered
     */
    public static boolean lowerCurrentThread(int niceness) {
        if (niceness < 1 || niceness > 19) {
            throw new IllegalArgumentException("niceness must be 1-19, was " + niceness);
        }
        if (currentNiceness().orElse(Integer.MIN_VALUE) >= niceness) {
            return true; // already that low (the process was started with nice): raising it would need privilege
        }
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>": the kernel's id of this thread
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(niceness), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                return warn("renice did not finish in 10 s");
            }
            return renice.exitValue() == 0 || warn("renice exited with " + renice.exitValue());
        } catch (IOException | UnsupportedOperationException e) {
            return warn(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The nice value of the calling thread, from {@code /proc/thread-self/stat}; empty where unknown. */
    public static java.util.OptionalInt currentNiceness() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // fields after the command name (in parentheses, which may hold spaces): state is field 3, nice 19
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.OptionalInt.of(Integer.parseInt(f[16]));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
    }

    private static boolean warn(String why) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("cannot lower the priority of background threads ({}); they run at normal priority", why);
        }
        return false;
    }
}

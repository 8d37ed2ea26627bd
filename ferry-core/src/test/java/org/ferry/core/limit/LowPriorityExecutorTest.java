package org.ferry.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.junit.jupiter.api.Test;

class LowPriorityExecutorTest {

    @Test
    void runsWorkOnItsThreadsAndHandsBackTheResult() {
        try (LowPriorityExecutor executor = new LowPriorityExecutor("low", 2, 10)) {
            assertThat(executor.call(() -> Thread.currentThread().getName())).startsWith("low-");
            assertThat(executor.call(() -> 6 * 7)).isEqualTo(42);
        }
    }

    @Test
    void theWorksExceptionComesOutAsThrown() {
        try (LowPriorityExecutor executor = new LowPriorityExecutor("low", 1, 10)) {
            assertThatThrownBy(() -> executor.call(() -> {
                throw new FerryException(ErrorCode.FLOOD_WAIT);
            })).isInstanceOf(FerryException.class);
        }
    }

    @Test
    void itsThreadsRunAtTheLowerPriorityWhereLinuxAllowsIt() {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")),
                "needs renice (util-linux)");
        OptionalInt before = ThreadPriority.currentNiceness();
        assumeTrue(before.isPresent() && before.getAsInt() < 7, "the tests themselves run at normal priority");
        try (LowPriorityExecutor executor = new LowPriorityExecutor("low", 1, 7)) {
            assertThat(executor.call(ThreadPriority::currentNiceness)).isEqualTo(OptionalInt.of(7));
        }
        assertThat(ThreadPriority.currentNiceness()).as("the caller's own priority is untouched").isEqualTo(before);
    }

    @Test
    void refusesANiceValueOutsideLinuxsRange() {
        assertThatThrownBy(() -> new LowPriorityExecutor("low", 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LowPriorityExecutor("low", 1, 20)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.ferry.bench.scenario;

import java.util.List;
import java.util.Objects;
import org.ferry.bench.client.WsConnection;

/** Opens many connections at once, at most 256 handshakes in flight; failures are counted as connect errors. */
public final class Connections {
    private Connections() {
    }

    /**
     * @param firstIndex the run-wide index of the first connection, which picks its source address
     * @return the connections that opened
     */
    public static List<WsConnection> open(Context ctx, int n, int firstIndex) throws InterruptedException {
        return Setup.all("connect", n, 256, ctx.metrics(), ctx.timeline(),
                i -> ctx.client().connect(firstIndex + i)).stream().filter(Objects::nonNull).toList();
    }
}

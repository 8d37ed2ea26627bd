package org.ferry.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.server.ServerProbe;

/**
 * {@code idle}: {@code --sessions} signed-in sessions held open for {@code --hold}. Accounts are created first
 * (through a small pool, so the store's growth is not charged to connections), then the server is measured after
 * a full GC, then every session connects and resumes ({@code auth.resume}) on its own connection, and after the
 * hold the server is measured again after a full GC. Memory per session is the difference divided by the
 * sessions: RSS from {@code /proc/PID/status}, heap and direct buffers from the admin port. Floor: 100,000
 * sessions in one process at no more than 8 KiB each.
 */
public final class IdleScenario implements Scenario {
    static final long FLOOR_BYTES_PER_SESSION = 8 * 1024;

    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        int sessions = ctx.options().integer("sessions", 5_000);
        Duration hold = ctx.options().duration("hold", Duration.ofSeconds(10));
        int pool = ctx.options().integer("connections", 256);
        var m = ctx.metrics();

        ctx.timeline().phase("provision");
        Accounts accounts = new Accounts(ctx.target().codes(), null);
        PhoneNumbers phones = new PhoneNumbers();
        List<WsConnection> poolConns = SignupScenario.connect(ctx, Math.min(pool, sessions), 0);
        List<String> tokens = Setup.all("signUp", sessions, poolConns.size(), m, ctx.timeline(), i ->
                accounts.signUp(poolConns.get(i % poolConns.size()), phones.next()).thenApply(Accounts.Account::token))
                .stream().filter(Objects::nonNull).toList();
        for (WsConnection c : poolConns) {
            c.close().get();
        }
        Thread.sleep(2_000); // the server notices the closed pool connections
        ServerProbe.gc(ctx.target());
        ServerProbe.Memory before = ServerProbe.memory(ctx.target());

        ctx.timeline().phase("connect");
        // Index past the pool's, so that beyond ~25k connections the source addresses spread out.
        List<WsConnection> held = Setup.all("resume", tokens.size(), 512, m, ctx.timeline(), i ->
                ctx.client().connect(pool + i).thenCompose(c -> Accounts.resume(c, tokens.get(i)).thenApply(id -> c)))
                .stream().filter(Objects::nonNull).toList();
        m.add("sessions", held.size());
        ctx.timeline().phase("hold");
        Thread.sleep(hold.toMillis());
        ServerProbe.gc(ctx.target());
        ServerProbe.Memory after = ServerProbe.memory(ctx.target());
        long open = held.stream().filter(WsConnection::isOpen).count();
        ctx.timeline().phase("close");
        for (WsConnection c : held) {
            c.close();
        }

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("sessionsRequested", sessions);
        results.put("sessionsHeld", open);
        results.put("rssBefore", before.rss());
        results.put("rssAfter", after.rss());
        results.put("heapUsedBefore", before.heapUsed());
        results.put("heapUsedAfter", after.heapUsed());
        results.put("directBefore", before.direct());
        results.put("directAfter", after.direct());
        if (open > 0) {
            long rssPer = per(before.rss(), after.rss(), open);
            results.put("rssBytesPerSession", rssPer);
            results.put("heapBytesPerSession", per(before.heapUsed(), after.heapUsed(), open));
            results.put("directBytesPerSession", per(before.direct(), after.direct(), open));
            results.put("floorMet(<=8KiB RSS/session at 100k)", open >= 100_000 && rssPer >= 0
                    && rssPer <= FLOOR_BYTES_PER_SESSION);
        }
        ctx.target().pid().ifPresent(pid -> results.put("serverOpenFilesLimit", openFilesLimit(pid)));
        results.put("benchOpenFilesLimit", openFilesLimit(ProcessHandle.current().pid()));
        return results;
    }

    private static long per(long before, long after, long sessions) {
        return before < 0 || after < 0 ? -1 : (after - before) / sessions;
    }

    private static String openFilesLimit(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits")).stream()
                    .filter(l -> l.startsWith("Max open files")).map(l -> l.replaceAll("\\s+", " ").trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}

package org.ferry.bench.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ferry.bench.client.RpcError;
import org.ferry.bench.client.WsConnection;
import org.ferry.bench.load.Counter;
import org.ferry.bench.load.InFlight;
import org.ferry.bench.load.Latency;
import org.ferry.bench.load.OpenLoop;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.server.ServerProbe;

/**
 * {@code channel}: one channel with {@code --subscribers} members, {@code --online} of them connected; its owner
 * posts at {@code --rate} per second for {@code --duration}. Per post: {@code post.all} is the time from the
 * intended post until the last online subscriber has it, {@code delivery} each subscriber's time.
 *
 * <p>Bytes the store wrote per post are read two ways while only posts happen: the growth of RocksDB's
 * write-ahead log files ({@code *.log} in the data directory; every write goes through the WAL first, so this is
 * the store's logical write volume, before flushes and compactions rewrite it), and the server process's
 * {@code write_bytes} from {@code /proc/PID/io} (what reached the disk, page-granular, including fsync'd partial
 * pages, flushes and compactions). Floors: p99 of {@code post.all} at most 1 s with 10,000 online; the same bytes
 * per post with 10 or 100,000 subscribers.
 */
public final class ChannelScenario implements Scenario {
    static final double FLOOR_P99_MS = 1_000;

    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        int subscribers = ctx.options().integer("subscribers", 1_000);
        int online = Math.min(subscribers, ctx.options().integer("online", Math.min(subscribers, 1_000)));
        double rate = ctx.options().number("rate", 2);
        Duration duration = ctx.options().duration("duration", Duration.ofSeconds(20));
        int pool = ctx.options().integer("connections", 256);
        var m = ctx.metrics();
        Accounts accounts = new Accounts(ctx.target().codes(), null);
        PhoneNumbers phones = new PhoneNumbers();

        // The owner and the channel.
        WsConnection owner = ctx.client().connect(0).get();
        accounts.signUp(owner, phones.next()).get();
        String username = "bench" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        long chatId = owner.call("chats.createChannel", "{\"title\":\"bench\",\"username\":\"" + username + "\"}")
                .get().path("id").asLong();
        String join = "{\"chatId\":" + chatId + "}";

        // Online subscribers: their own connection, signed up and joined on it, so it receives the posts.
        List<WsConnection> onlineConns = SignupScenario.connect(ctx, online, 1);
        List<WsConnection> joinedOnline = Setup.all("joinOnline", onlineConns.size(), 256, m, ctx.timeline(),
                i -> accounts.signUp(onlineConns.get(i), phones.next())
                        .thenCompose(a -> onlineConns.get(i).call("chats.join", join))
                        .thenApply(r -> onlineConns.get(i))).stream().filter(Objects::nonNull).toList();
        // Offline subscribers: signed up and joined through a small pool, each connection reused in turn.
        int offline = subscribers - online;
        if (offline > 0) {
            List<WsConnection> poolConns = SignupScenario.connect(ctx, Math.min(pool, offline), 1 + online);
            Setup.perConnection("joinOffline", offline, poolConns.size(), m, ctx.timeline(), i -> {
                WsConnection c = poolConns.get(i % poolConns.size());
                return accounts.signUp(c, phones.next()).thenCompose(a -> c.call("chats.join", join));
            });
            poolConns.forEach(WsConnection::close);
        }
        ctx.out().printf("channel: %d subscribers, %d online%n", subscribers, joinedOnline.size());

        int maxPosts = (int) Math.ceil(rate * duration.toSeconds()) + 16;
        AtomicInteger[] remaining = new AtomicInteger[maxPosts];
        for (int i = 0; i < maxPosts; i++) {
            remaining[i] = new AtomicInteger(joinedOnline.size());
        }
        Latency delivery = m.latency("delivery");
        Latency all = m.latency("post.all");
        Counter delivered = m.counter("delivered");
        Counter complete = m.counter("post.complete");
        for (WsConnection c : joinedOnline) {
            c.onUpdate((type, text) -> onPost(type, text, remaining, delivery, all, delivered, complete));
        }

        Thread.sleep(1_000); // let the joins' own writes settle before the byte counters start
        Map<String, Long> filesBefore = ctx.target().dataDir().isPresent()
                ? ServerProbe.files(ctx.target().dataDir().get()) : null;
        long writesBefore = ServerProbe.storageWrites(ctx.target());
        ctx.timeline().phase("run");
        InFlight inFlight = new InFlight(10_000);
        AtomicLong posted = new AtomicLong();
        Latency ack = m.latency("ack");
        Counter postsSent = m.counter("posts");
        Counter postsAcked = m.counter("acked");
        OpenLoop.run(rate, duration, () -> posted.get() >= maxPosts, intended -> {
            int index = (int) posted.getAndIncrement();
            inFlight.tryStart();
            postsSent.increment();
            owner.callForAck("messages.send", "{\"chatId\":" + chatId + ",\"text\":\"p" + index + ":" + intended
                    + "\",\"randomId\":" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + "}")
                    .whenComplete((r, failure) -> {
                        if (failure == null) {
                            ack.since(intended);
                            postsAcked.increment();
                        } else {
                            m.error("post", RpcError.codeOf(failure));
                        }
                        inFlight.done();
                    });
        });
        inFlight.awaitDrained(Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (m.total("post.complete") < m.total("acked") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        ctx.timeline().phase("drain");
        long writesAfter = ServerProbe.storageWrites(ctx.target());
        Map<String, Long> filesAfter = filesBefore == null ? null : ServerProbe.files(ctx.target().dataDir().get());
        owner.close();
        joinedOnline.forEach(WsConnection::close);

        long acked = m.total("acked");
        PhaseSummary run = Phases.summary(ctx, "run");
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("subscribers", subscribers);
        results.put("online", joinedOnline.size());
        results.put("posts", acked);
        results.put("postsFullyDelivered", m.total("post.complete"));
        results.put("postAllP50Ms", run.latencies().containsKey("post.all")
                ? run.latencies().get("post.all").p50() : Double.NaN);
        results.put("postAllP99Ms", Phases.p99(run, "post.all"));
        results.put("postAckP99Ms", Phases.p99(run, "ack"));
        if (filesBefore != null && acked > 0) {
            long wal = ServerProbe.appended(filesBefore, filesAfter, ".log");
            results.put("walBytesPerPost", wal / acked);
        }
        if (writesBefore >= 0 && writesAfter >= 0 && acked > 0) {
            results.put("diskWriteBytesPerPost(proc io, page-granular)", (writesAfter - writesBefore) / acked);
        }
        if (joinedOnline.size() >= 10_000) {
            results.put("floorMet(p99<=1s at 10k online)", Phases.p99(run, "post.all") <= FLOOR_P99_MS
                    && m.total("post.complete") == acked);
        }
        return results;
    }

    private static void onPost(String type, String text, AtomicInteger[] remaining, Latency delivery, Latency all,
                               Counter delivered, Counter complete) {
        int colon = text.indexOf(':');
        if (!type.equals("newMessage") || text.isEmpty() || text.charAt(0) != 'p' || colon < 0) {
            return;
        }
        int index = Integer.parseInt(text, 1, colon, 10);
        long intended = Long.parseLong(text, colon + 1, text.length(), 10);
        delivery.since(intended);
        delivered.increment();
        if (index < remaining.length && remaining[index].decrementAndGet() == 0) {
            all.since(intended);
            complete.increment();
        }
    }
}

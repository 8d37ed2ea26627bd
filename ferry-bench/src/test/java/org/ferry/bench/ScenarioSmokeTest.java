package org.ferry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ferry.bench.report.PhaseSummary;
import org.ferry.bench.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each scenario, run for seconds at tiny sizes against a real server started in-process (RocksDB in a temp
 * directory, real sockets on free ports), so the harness cannot rot. Asserts that a run completed, counted what it
 * did and met no unexpected error, and that it wrote its report and chart; never how fast anything was.
 */
class ScenarioSmokeTest {
    @TempDir
    Path tmp;

    private Report run(String scenario, String... options) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("out", tmp.resolve("out").toString());
        if (!scenario.equals("fsync") && !scenario.equals("rocksdb") && !scenario.equals("handoff")) {
            o.put("server", "embedded");
            o.put("data-dir", tmp.resolve("data").toString());
            o.put("client-threads", "1");
        }
        for (String kv : options) {
            o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Report report = BenchMain.run(scenario, Options.of(o), new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(tmp.resolve("out/report.json")).isNotEmptyFile();
        assertThat(Files.readString(tmp.resolve("out/chart.svg"))).startsWith("<svg").endsWith("</svg>\n");
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("== " + scenario);
        assertThat(report.results()).doesNotContainKey("unusedOptions");
        return report;
    }

    private static long total(Report report, String counter) {
        return report.phases().stream().mapToLong(p -> p.counters().getOrDefault(counter, 0L)).sum();
    }

    private static Map<String, Long> errors(Report report) {
        Map<String, Long> all = new LinkedHashMap<>();
        for (PhaseSummary p : report.phases()) {
            p.errors().forEach((k, v) -> all.merge(k, v, Long::sum));
        }
        return all;
    }

    @Test
    void signup() throws Exception {
        Report r = run("signup", "users=40", "rate=40", "warmup=0", "connections=4");
        assertThat(total(r, "signup.ok")).isEqualTo(40);
        assertThat(errors(r)).isEmpty();
        assertThat(r.results()).containsEntry("signedUp", 40L);
    }

    @Test
    void chat() throws Exception {
        Report r = run("chat", "users=14", "group-size=4", "rate=40", "warmup=0", "duration=2s");
        assertThat(total(r, "acked")).isPositive();
        assertThat(total(r, "delivered")).isPositive();
        assertThat(r.results()).containsEntry("deliveriesMissing", 0L);
        assertThat((Double) r.results().get("deliveryP99MsMedianSecond")).isPositive(); // a whole second was timed
        assertThat((Long) r.results().get("secondsWithDeliveryP99Over50Ms")).isBetween(0L, 2L);
        assertThat((Double) r.results().get("benchCpuMicrosPerMessage")).isPositive();
        assertThat(r.results()).containsKey("machineStealMsPerSecond");
        assertThat(errors(r)).isEmpty();
    }

    @Test
    void channel() throws Exception {
        Report r = run("channel", "subscribers=20", "online=6", "rate=5", "duration=2s", "connections=4");
        long posts = (Long) r.results().get("posts");
        assertThat(posts).isPositive();
        assertThat(r.results()).containsEntry("postsFullyDelivered", posts);
        assertThat((Long) r.results().get("walBytesPerPost")).isPositive();
        assertThat(errors(r)).isEmpty();
    }

    @Test
    void idle() throws Exception {
        Report r = run("idle", "sessions=25", "hold=1s", "connections=4");
        assertThat(r.results()).containsEntry("sessionsHeld", 25L);
        assertThat(r.results()).containsKey("rssBytesPerSession");
        assertThat(errors(r)).isEmpty();
    }

    @Test
    void surge() throws Exception {
        Report r = run("surge", "users=14", "rate=40", "signup-rate=20", "phase=1s", "warmup=0", "connections=4");
        assertThat(total(r, "acked")).isPositive();
        assertThat(total(r, "signup.ok")).isPositive();
        assertThat(r.results()).containsKeys("chatDeliveryP99MsBefore", "chatDeliveryP99MsDuring",
                "signupsStillRetryingAtEnd");
        assertThat(r.results().get("signupFailed")).isEqualTo(0L);
        assertThat(errors(r)).isEmpty();
    }

    @Test
    void echoCeiling() throws Exception {
        Report r = run("echo", "connections=4", "rate=200", "warmup=0", "duration=1s");
        assertThat(total(r, "echoed")).isPositive();
        assertThat(errors(r)).isEmpty();
    }

    @Test
    void echoCeilingWithChatFanOut() throws Exception {
        // 12 connections: a group of 5 (half of them, in whole groups of 5), then pairs; the odd one out sends nothing.
        Report r = run("echo", "fanout=chat", "connections=12", "rate=100", "warmup=0", "duration=1s");
        assertThat(r.results()).containsEntry("chats", 4);
        assertThat(total(r, "echoed")).isPositive();
        assertThat(total(r, "delivered")).isPositive();
        assertThat(r.results()).containsEntry("deliveriesMissing", 0L);
        assertThat(errors(r)).isEmpty();
    }

    @Test
    void connectionsSpreadOverSourceAddresses() throws Exception {
        Report r = run("echo", "connections=7", "connections-per-source=3", "rate=100", "warmup=0", "duration=500ms");
        assertThat(r.results()).containsEntry("sourceAddresses", 3L); // 127.0.0.1, 127.0.0.2, 127.0.0.3
        assertThat(total(r, "echoed")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void eachClientTransportCarriesTheLoad(String transport) throws Exception {
        assumeTrue(switch (transport) {
            case "io_uring" -> IoUring.isAvailable();
            case "epoll" -> Epoll.isAvailable();
            default -> true;
        }, transport + " does not load here");
        Report r = run("echo", "client-transport=" + transport, "connections=7", "connections-per-source=3",
                "rate=100", "warmup=0", "duration=500ms");
        assertThat(r.machine()).containsEntry("clientTransport", transport);
        assertThat(r.results()).containsEntry("sourceAddresses", 3L);
        assertThat(total(r, "echoed")).isPositive();
        assertThat(errors(r)).isEmpty();
    }

    @Test
    void anUnknownClientTransportIsRefused() {
        assertThatThrownBy(() -> run("echo", "client-transport=dpdk", "connections=1", "rate=10", "duration=100ms"))
                .hasMessageContaining("--client-transport must be auto, io_uring, epoll or nio, not dpdk");
    }

    @Test
    void fsyncCeiling() throws Exception {
        Report r = run("fsync", "duration=300ms", "dir=" + tmp.resolve("fsync"));
        assertThat((Long) r.results().get("fsyncs")).isPositive();
    }

    @Test
    void fsyncCeilingOverAWrittenFile() throws Exception {
        Report r = run("fsync", "duration=300ms", "mode=overwrite", "file-mb=1", "dir=" + tmp.resolve("fsync"));
        assertThat((Long) r.results().get("fsyncs")).isPositive();
        assertThat(r.results().get("mode")).isEqualTo("overwrite");
    }

    @Test
    void handoffCeiling() throws Exception {
        Report r = run("handoff", "duration=300ms");
        long handoffs = (Long) r.results().get("handoffs");
        assertThat(handoffs).isGreaterThan(100);
        assertThat((Double) r.results().get("cpuMicrosPerHandoff")).isPositive();
        assertThat(r.results().get("wakeP50Micros")).isNotNull();
    }

    @Test
    void rocksDbCeiling() throws Exception {
        Report r = run("rocksdb", "forks=0", "threads=1,2", "iterations=1", "time=200ms", "dir=" + tmp.resolve("jmh"));
        assertThat((Long) r.results().get("syncedBatchPerSecond@1threads")).isPositive();
        assertThat((Long) r.results().get("syncedBatchPerSecond@2threads")).isPositive();
    }
}

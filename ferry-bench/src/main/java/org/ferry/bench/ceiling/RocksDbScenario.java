package org.ferry.bench.ceiling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ferry.bench.scenario.Context;
import org.ferry.bench.scenario.Scenario;
import org.ferry.bench.server.ServerProbe;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code rocksdb}: runs {@link RocksDbWriteBenchmark} under JMH once per writer count in {@code --threads}
 * (default 1,2,4,16,64) and reports synced batches per second for each. {@code --forks=0} runs in this JVM (smoke
 * tests, and the CPU the writers burn: reported as cores busy); {@code --time} is each iteration's length;
 * {@code --adaptive-yield=true,false} compares RocksDB's spinning write-group join with plain blocking;
 * {@code --benchmark=committerThread} measures one committer thread writing for all callers instead.
 */
public final class RocksDbScenario implements Scenario {
    @Override
    public boolean needsFerry() {
        return false;
    }

    @Override
    public Map<String, Object> run(Context ctx) throws Exception {
        String threads = ctx.options().string("threads", "1,2,4,16,64");
        int forks = ctx.options().integer("forks", 1);
        int iterations = ctx.options().integer("iterations", 3);
        String time = ctx.options().string("time", "3s");
        String dir = ctx.options().string("dir", ctx.outDir().toString());
        String[] yields = ctx.options().string("adaptive-yield", "true").split(",");
        String benchmark = ctx.options().string("benchmark", "syncedBatch");
        Map<String, Object> results = new LinkedHashMap<>();
        ctx.timeline().phase("run");
        for (String t : threads.split(",")) {
            int n = Integer.parseInt(t.trim());
            List<String> jvm = new ArrayList<>(List.of("-Dferry.bench.dir=" + dir,
                    "--enable-native-access=ALL-UNNAMED"));
            System.setProperty("ferry.bench.dir", dir);
            ChainedOptionsBuilder opts = new OptionsBuilder()
                    .include(RocksDbWriteBenchmark.class.getName() + "." + benchmark + "$")
                    .threads(n)
                    .param("adaptiveYield", yields)
                    .forks(forks)
                    .warmupIterations(1)
                    .warmupTime(TimeValue.fromString(time))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.fromString(time))
                    .jvmArgsAppend(jvm.toArray(String[]::new))
                    .shouldFailOnError(true);
            ctx.timeline().note("JMH, " + n + " writer thread(s)");
            long cpu0 = ServerProbe.cpuMillis(ProcessHandle.current().pid());
            long wall0 = System.nanoTime();
            for (RunResult r : new Runner(opts.build()).run()) {
                double score = r.getPrimaryResult().getScore();
                String key = n + "threads" + (yields.length > 1
                        ? ",adaptiveYield=" + r.getParams().getParam("adaptiveYield") : "");
                results.put(benchmark + "PerSecond@" + key, Math.round(score));
                results.put("error99.9@" + key, Math.round(r.getPrimaryResult().getScoreError()));
                ctx.metrics().add("jmh.runs", 1);
            }
            if (forks == 0 && yields.length == 1) {
                // In this JVM, so its CPU time is the benchmark's (warmup included): cores kept busy per run.
                double cores = (ServerProbe.cpuMillis(ProcessHandle.current().pid()) - cpu0)
                        / ((System.nanoTime() - wall0) / 1e6);
                results.put(benchmark + "CpuCoresBusy@" + n + "threads", Math.round(cores * 100) / 100.0);
            }
        }
        ctx.timeline().phase("done");
        return results;
    }
}

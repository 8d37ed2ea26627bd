package org.ferry.bench.ceiling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ferry.bench.scenario.Context;
import org.ferry.bench.scenario.Scenario;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code rocksdb}: runs {@link RocksDbWriteBenchmark} under JMH once per writer count in {@code --threads}
 * (default 1,2,4,16,64) and reports synced batches per second for each. {@code --forks=0} runs in this JVM (smoke
 * tests); {@code --time} is each iteration's length.
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
        Map<String, Object> results = new LinkedHashMap<>();
        ctx.timeline().phase("run");
        for (String t : threads.split(",")) {
            int n = Integer.parseInt(t.trim());
            List<String> jvm = new ArrayList<>(List.of("-Dferry.bench.dir=" + dir,
                    "--enable-native-access=ALL-UNNAMED"));
            System.setProperty("ferry.bench.dir", dir);
            ChainedOptionsBuilder opts = new OptionsBuilder()
                    .include(RocksDbWriteBenchmark.class.getName() + ".syncedBatch")
                    .threads(n)
                    .forks(forks)
                    .warmupIterations(1)
                    .warmupTime(TimeValue.fromString(time))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.fromString(time))
                    .jvmArgsAppend(jvm.toArray(String[]::new))
                    .shouldFailOnError(true);
            ctx.timeline().note("JMH, " + n + " writer thread(s)");
            for (RunResult r : new Runner(opts.build()).run()) {
                double score = r.getPrimaryResult().getScore();
                results.put("syncedBatchesPerSecond@" + n + "threads", Math.round(score));
                results.put("error99.9@" + n + "threads", Math.round(r.getPrimaryResult().getScoreError()));
                ctx.metrics().add("jmh.runs", 1);
            }
        }
        ctx.timeline().phase("done");
        return results;
    }
}

package org.ferry.bench.load;

import java.util.concurrent.atomic.LongAdder;

/**
 * One event counter of {@link Metrics}, held by a scenario so that counting in a measured loop is one addition
 * instead of a look-up by name. It joins the metrics on its first count, so a counter that never counts stays out
 * of the report, as one counted by name does. Thread-safe.
 */
public final class Counter {
    private final Metrics metrics;
    private final String name;
    private volatile LongAdder adder;

    Counter(Metrics metrics, String name) {
        this.metrics = metrics;
        this.name = name;
    }

    public void increment() {
        add(1);
    }

    public void add(long n) {
        LongAdder a = adder;
        if (a == null) {
            a = metrics.adder(name);
            adder = a;
        }
        a.add(n);
    }
}

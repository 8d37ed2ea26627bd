package org.ferry.bench.scenario;

import java.util.Map;

/**
 * One kind of load. A scenario reads its options, sets up (accounts, chats, connections) in the "setup" phase,
 * drives load in later phases, and returns its own results (rates, ratios, memory per session...) for the report;
 * latencies, counters and errors go to the context's metrics as they happen.
 */
public interface Scenario {
    Map<String, Object> run(Context context) throws Exception;

    /** Whether the scenario talks to a Ferry server (the ceilings bring their own or none). */
    default boolean needsFerry() {
        return true;
    }
}

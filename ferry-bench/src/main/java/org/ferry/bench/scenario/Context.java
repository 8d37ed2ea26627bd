package org.ferry.bench.scenario;

import java.io.PrintStream;
import java.nio.file.Path;
import org.ferry.bench.Options;
import org.ferry.bench.client.WsClient;
import org.ferry.bench.load.Metrics;
import org.ferry.bench.load.Timeline;
import org.ferry.bench.server.Target;

/**
 * What a scenario runs with: the server, a client connected to it (null for scenarios that need none), where to
 * record, its options and its output directory.
 */
public record Context(Target target, WsClient client, Metrics metrics, Timeline timeline, Options options,
                      Path outDir, PrintStream out) {
}

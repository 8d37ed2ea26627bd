package org.ferry.bench.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server a run drives: where to connect, where its login codes show up, and what the bench may inspect of it
 * (process id for RSS and profiling, admin port for metrics, data directory for bytes written).
 */
public interface Target extends AutoCloseable {
    URI webSocket();

    CodeBox codes();

    /** The server's process id, for /proc/PID/status and /proc/PID/io; empty when unknown. */
    OptionalLong pid();

    /** The admin port's base URI (serves /metrics); empty when unknown. */
    Optional<URI> admin();

    /** The store's directory, for on-disk growth; empty when unknown. */
    Optional<Path> dataDir();

    /** A line for the report: how the server runs (in-process, child JVM with its flags, external). */
    String describe();

    @Override
    void close();
}

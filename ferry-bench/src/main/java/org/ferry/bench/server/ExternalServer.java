package org.ferry.bench.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server the bench did not start, e.g. {@code ./ferry run --limits.profile=unlimited}. Its login codes come
 * from its log ({@code --code-log}: the file its output goes to, read as it grows, dev code sender), since a
 * load generator cannot read an SMS. Process id, admin port and data directory are what the user passes.
 * Thread-safe.
 */
public final class ExternalServer implements Target {
    private static final Pattern CODE = Pattern.compile("DEV login code for (\\+\\d+): (\\d+)");

    private final URI webSocket;
    private final URI admin;
    private final Long pid;
    private final Path dataDir;
    private final CodeBox codes = new CodeBox();
    private volatile boolean closed;

    public ExternalServer(URI webSocket, URI admin, Long pid, Path dataDir, Path codeLog) {
        this.webSocket = webSocket;
        this.admin = admin;
        this.pid = pid;
        this.dataDir = dataDir;
        if (codeLog != null) {
            Thread.ofPlatform().daemon().name("code-log-tail").start(() -> tail(codeLog));
        }
    }

    private void tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(f.length()); // codes logged before this run belong to others
            StringBuilder line = new StringBuilder();
            byte[] buf = new byte[64 * 1024];
            while (!closed) {
                int n = f.read(buf);
                if (n <= 0) {
                    Thread.sleep(2);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        Matcher m = CODE.matcher(line);
                        if (m.find()) {
                            codes.send(m.group(1), m.group(2));
                        }
                        line.setLength(0);
                    } else {
                        line.append((char) (buf[i] & 0xff));
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("bench: stopped reading codes from " + file + ": " + e);
        }
    }

    @Override
    public URI webSocket() {
        return webSocket;
    }

    @Override
    public CodeBox codes() {
        return codes;
    }

    @Override
    public OptionalLong pid() {
        return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    @Override
    public Optional<URI> admin() {
        return Optional.ofNullable(admin);
    }

    @Override
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    @Override
    public String describe() {
        return "external server at " + webSocket + (pid == null ? "" : " (pid " + pid + ")");
    }

    @Override
    public void close() {
        closed = true;
    }
}

package org.ferry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.ferry.protocol.Json;

/**
 * A minimal native-protocol client over the JDK's WebSocket: numbered requests answered by futures,
 * pushes collected in a queue the test can wait on. Thread-safe.
 */
final class WsClient implements AutoCloseable {
    /** A call that came back with an error frame. */
    static final class CallError extends RuntimeException {
        final String code;
        final JsonNode error;

        CallError(JsonNode error) {
            super(error.toString());
            this.code = error.get("code").asText();
            this.error = error;
        }
    }

    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<JsonNode> updates = new LinkedBlockingQueue<>();
    private final List<JsonNode> unmatched = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    WsClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).join();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode frame;
                try {
                    frame = Json.mapper().readTree(text.toString());
                } catch (Exception e) {
                    frame = Json.object().put("unparsable", text.toString());
                }
                text.setLength(0);
                dispatch(frame);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed " + statusCode)));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }

    private void dispatch(JsonNode frame) {
        if (frame.has("update")) {
            updates.add(frame.get("update"));
            return;
        }
        JsonNode id = frame.get("id");
        CompletableFuture<JsonNode> f = id == null || id.isNull() ? null : pending.remove(id.asLong());
        if (f == null) {
            synchronized (unmatched) {
                unmatched.add(frame);
            }
        } else {
            f.complete(frame);
        }
    }

    /** Sends a request and returns its whole response frame. */
    JsonNode frame(String method, Object params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode req = Json.object().put("id", id).put("method", method);
        req.set("params", Json.mapper().valueToTree(params));
        sendRaw(req.toString());
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer", e);
        }
    }

    JsonNode call(String method, Object params) {
        JsonNode frame = frame(method, params);
        if (frame.has("error")) {
            throw new CallError(frame.get("error"));
        }
        return frame.get("result");
    }

    JsonNode call(String method) {
        return call(method, Map.of());
    }

    String fails(String method, Object params) {
        try {
            call(method, params);
        } catch (CallError e) {
            return e.code;
        }
        throw new AssertionError(method + " succeeded but should have failed");
    }

    synchronized void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** Frames that answered no pending request (errors with a null id). Waits up to a second for one. */
    JsonNode nextUnmatched() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (unmatched) {
                if (!unmatched.isEmpty()) {
                    return unmatched.removeFirst();
                }
            }
            ServerProcess.sleep(10);
        }
        return null;
    }

    /** Waits for a pushed update matching {@code test}, discarding others before it. */
    JsonNode awaitUpdate(Predicate<JsonNode> test) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode u;
            try {
                u = left <= 0 ? null : updates.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (u == null) {
                throw new AssertionError("no matching update arrived");
            }
            if (test.test(u)) {
                return u;
            }
        }
    }

    JsonNode awaitMessage(String text) {
        return awaitUpdate(u -> u.get("type").asText().equals("newMessage")
                && text.equals(u.get("message").path("text").asText(null)));
    }

    /** True if an update matching {@code test} arrives within {@code ms}. */
    boolean seesWithin(long ms, Predicate<JsonNode> test) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < deadline) {
            JsonNode u;
            try {
                u = updates.poll(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (u != null && test.test(u)) {
                return true;
            }
        }
        return false;
    }

    int awaitClose() {
        try {
            return closed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection did not close", e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                socket.abort();
            }
        }
    }
}

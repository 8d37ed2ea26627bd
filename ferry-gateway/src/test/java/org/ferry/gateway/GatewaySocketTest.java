package org.ferry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ferry.protocol.Json;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway on real sockets (port 0) with the JDK's WebSocket and HTTP clients and the fake method table. */
class GatewaySocketTest {
    private final FakeRpcHandler rpc = new FakeRpcHandler();
    private final AtomicBoolean backendReady = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Gateway gateway;

    @BeforeEach
    void start() throws InterruptedException {
        GatewayConfig config = GatewayConfig.defaults().withData("127.0.0.1", 0).withAdmin("127.0.0.1", 0)
                .withIoThreads(2);
        gateway = Gateway.start(config, rpc, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), backendReady::get);
    }

    @AfterEach
    void stop() {
        gateway.close();
        http.close();
    }

    /** A WebSocket client that queues each text message it receives and remembers how it was closed. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws Exception {
            String text = messages.poll(10, TimeUnit.SECONDS);
            assertThat(text).as("a message within 10 s").isNotNull();
            return Json.mapper().readTree(text);
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }
    }

    private Client connect() {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + gateway.dataAddress().getPort() + "/ws"), client).join();
        return client;
    }

    private HttpResponse<String> post(String method, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.dataAddress().getPort() + "/api/" + method))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestsOfOneConnectionAreAnsweredInOrder() throws Exception {
        Client client = connect();
        client.send("{\"id\":1,\"method\":\"slow\",\"params\":{\"ms\":200}}");
        client.send("{\"id\":2,\"method\":\"echo\",\"params\":{\"n\":2}}");
        client.send("{\"id\":3,\"method\":\"echo\",\"params\":{\"n\":3}}");

        assertThat(client.next().get("id").asLong()).isEqualTo(1);
        assertThat(client.next().get("id").asLong()).isEqualTo(2);
        JsonNode third = client.next();
        assertThat(third.get("id").asLong()).isEqualTo(3);
        assertThat(third.get("result").get("n").asInt()).isEqualTo(3);
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void pushesReachSignedInConnection() throws Exception {
        Client client = connect();
        client.send("{\"id\":1,\"method\":\"auth.resume\"}");
        client.next();

        rpc.sinks.getFirst().push(new Update.Typing(10, 20));

        assertThat(client.next().get("update").get("type").asText()).isEqualTo("typing");
    }

    @Test
    void oversizeFrameClosesOnlyThatConnection() throws Exception {
        Client good = connect();
        Client bad = connect();

        bad.send("{\"id\":1,\"method\":\"echo\",\"params\":{\"s\":\"" + "x".repeat(70_000) + "\"}}");

        JsonNode error = bad.next();
        assertThat(error.get("error").get("code").asText()).isEqualTo("FRAME_TOO_LARGE");
        assertThat(bad.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);

        good.send("{\"id\":5,\"method\":\"echo\"}");
        assertThat(good.next().get("id").asLong()).isEqualTo(5);
        Client later = connect();
        later.send("{\"id\":6,\"method\":\"echo\"}");
        assertThat(later.next().get("id").asLong()).isEqualTo(6);
    }

    @Test
    void closedConnectionIsReportedToTheCore() throws Exception {
        Client client = connect();
        client.send("{\"id\":1,\"method\":\"echo\"}");
        client.next();
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rpc.closed.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(rpc.closed.get()).isEqualTo(1);
    }

    @Test
    void httpApiAnswersWithTheFrameShapes() throws Exception {
        HttpResponse<String> ok = post("echo", "{\"a\":1}", "good");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(Json.mapper().readTree(ok.body()).get("result").get("a").asInt()).isEqualTo(1);

        HttpResponse<String> noToken = post("echo", "{}", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(Json.mapper().readTree(noToken.body()).get("error").get("code").asText())
                .isEqualTo("AUTH_KEY_UNREGISTERED");
        assertThat(post("echo", "{}", "bad").statusCode()).isEqualTo(401);

        assertThat(post("auth.signIn", "", null).statusCode()).as("public method, no token").isEqualTo(200);
        assertThat(post("no.such", "{}", "good").statusCode()).isEqualTo(404);
        assertThat(post("echo", "[1]", "good").statusCode()).isEqualTo(400);
        assertThat(post("fail", "{}", "good").statusCode()).isEqualTo(500);

        HttpResponse<String> flood = post("flood", "{}", "good");
        assertThat(flood.statusCode()).isEqualTo(429);
        assertThat(flood.headers().firstValue("retry-after")).hasValue("7");
        assertThat(Json.mapper().readTree(flood.body()).get("error").get("retryAfter").asInt()).isEqualTo(7);
    }

    @Test
    void staticFilesAreServedFromTheClassPath() throws Exception {
        int port = gateway.dataAddress().getPort();
        HttpResponse<String> index = get(port, "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("the web client is coming");
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        String etag = index.headers().firstValue("etag").orElseThrow();
        assertThat(index.headers().firstValue("cache-control")).hasValue("no-cache");

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);

        HttpResponse<String> css = get(port, "/css/app.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");

        assertThat(get(port, "/css").statusCode()).as("a directory").isEqualTo(404);
        assertThat(get(port, "/missing.js").statusCode()).isEqualTo(404);
        assertThat(get(port, "/.hidden").statusCode()).isEqualTo(404);
    }

    @Test
    void pathTraversalIsRefused() throws Exception {
        int port = gateway.dataAddress().getPort();
        for (String path : new String[] {"/../org/ferry/gateway/Gateway.class", "/%2e%2e/org/ferry/gateway/Gateway.class",
                "/css/..%2F..%2Forg/ferry/gateway/Gateway.class", "/..\\org\\ferry\\gateway\\Gateway.class"}) {
            assertThat(rawGet(port, path)).as(path).startsWith("HTTP/1.1 404");
        }
    }

    /** Sends a request line exactly as written, since HTTP clients normalise dot segments away. */
    private static String rawGet(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void adminPortReportsHealthReadinessAndMetrics() throws Exception {
        int admin = gateway.adminAddress().getPort();
        assertThat(gateway.adminAddress().getAddress().isLoopbackAddress()).isTrue();
        HttpResponse<String> health = get(admin, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        assertThat(get(admin, "/ready").statusCode()).isEqualTo(200);

        post("echo", "{}", "good");
        HttpResponse<String> metrics = get(admin, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("ferry_requests_total{method=\"echo\",outcome=\"ok\"}",
                "ferry_connections_open", "ferry_request_latency_seconds", "jvm_memory_used_bytes");

        backendReady.set(false);
        assertThat(get(admin, "/ready").statusCode()).isEqualTo(503);
        backendReady.set(true);
        gateway.stopAccepting();
        assertThat(get(admin, "/ready").statusCode()).isEqualTo(503);
        assertThat(get(admin, "/health").statusCode()).isEqualTo(200);
    }
}

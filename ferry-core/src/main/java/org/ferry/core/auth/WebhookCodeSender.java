package org.ferry.core.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.ferry.protocol.Json;

/**
 * Hands login codes to an SMS gateway: {@code POST url} with {@code {"phone": "+…", "code": "123456",
 * "text": "Ferry code: 123456"}}; any 2xx is success. Thread-safe.
 */
public final class WebhookCodeSender implements CodeSender {
    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookCodeSender(URI url) {
        this.url = url;
    }

    @Override
    public void send(String phone, String code) throws Exception {
        var body = Json.object().put("phone", phone).put("code", code).put("text", "Ferry code: " + code);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("SMS gateway answered HTTP " + response.statusCode());
        }
    }

    @Override
    public String name() {
        return "webhook";
    }
}

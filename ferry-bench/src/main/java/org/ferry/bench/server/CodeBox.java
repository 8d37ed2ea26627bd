package org.ferry.bench.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.ferry.core.auth.CodeSender;

/**
 * Where the bench collects login codes, whichever way they arrive (the in-process sender, a child server's
 * stdout, a server log): the server side {@link #send}s, the scenario asks for {@link #code} after
 * {@code auth.sendCode}, in either order. A code is forgotten once handed out. Thread-safe.
 */
public final class CodeBox implements CodeSender {
    private final Map<String, CompletableFuture<String>> codes = new ConcurrentHashMap<>();

    /** Completes with the next code for {@code phone} (E.164). */
    public CompletableFuture<String> code(String phone) {
        CompletableFuture<String> f = codes.computeIfAbsent(phone, k -> new CompletableFuture<>());
        return f.whenComplete((c, e) -> codes.remove(phone, f));
    }

    @Override
    public void send(String phone, String code) {
        codes.computeIfAbsent(phone, k -> new CompletableFuture<>()).complete(code);
    }

    /** Codes delivered but not asked for yet, plus requests still waiting (a leak check for tests). */
    public int outstanding() {
        return codes.size();
    }

    @Override
    public String name() {
        return "bench";
    }
}

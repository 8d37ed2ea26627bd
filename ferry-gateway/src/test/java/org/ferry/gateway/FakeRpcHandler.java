package org.ferry.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.ferry.core.model.Session;
import org.ferry.core.push.UpdateSink;
import org.ferry.core.rpc.CallContext;
import org.ferry.core.rpc.RpcHandler;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Json;

/**
 * A method table for gateway tests: {@code echo} returns its params, {@code slow} sleeps {@code ms} first,
 * {@code fail} throws a bug, {@code flood} throws FLOOD_WAIT, {@code nothing} returns null, {@code auth.resume}
 * binds session 1 of user 42 and records its sink. Bearer token "good" authenticates. While {@link #shedFor} is
 * positive, {@code auth.sendCode} calls are shed by name with that retryAfter. Thread-safe.
 */
final class FakeRpcHandler implements RpcHandler {
    static final String SECRET_PARAM = "+15550001111";

    final List<UpdateSink> sinks = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger shedFor = new AtomicInteger();

    @Override
    public boolean shedding() {
        return shedFor.get() > 0;
    }

    @Override
    public int shedSeconds(String method) {
        return "auth.sendCode".equals(method) ? shedFor.get() : 0;
    }

    @Override
    public Object call(CallContext context, String method, JsonNode params) {
        calls.add(method);
        return switch (method) {
            case "echo" -> params;
            case "slow" -> {
                sleep(params.path("ms").asLong(50));
                yield params;
            }
            case "fail" -> throw new IllegalStateException("deliberate bug");
            case "flood" -> throw FerryException.floodWait(7);
            case "nothing" -> null;
            case "whoami" -> {
                if (context.session() == null) {
                    throw new FerryException(ErrorCode.AUTH_KEY_UNREGISTERED);
                }
                yield Json.object().put("userId", context.session().userId());
            }
            case "auth.resume", "auth.signIn" -> {
                UpdateSink sink = context.bind(session());
                if (sink != null) {
                    sinks.add(sink);
                }
                yield Json.object().put("userId", 42);
            }
            default -> throw new FerryException(ErrorCode.METHOD_INVALID);
        };
    }

    @Override
    public void authenticate(CallContext context, String token) {
        if (!"good".equals(token)) {
            throw new FerryException(ErrorCode.AUTH_KEY_UNREGISTERED);
        }
        context.bind(session());
    }

    @Override
    public void closed(CallContext context) {
        closed.incrementAndGet();
    }

    private static Session session() {
        return new Session(1, 42, "hash", "test", "127.0.0.1", 0, 0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.ferry.core.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.ferry.core.CoreConfig;
import org.ferry.core.FerryCore;
import org.ferry.core.auth.DevCodeSender;
import org.ferry.core.push.LocalPushBus;
import org.ferry.core.rpc.CallContext;
import org.ferry.core.store.Stores;
import org.ferry.core.store.memory.InMemoryStores;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Json;

/**
 * The whole domain over the in-memory store, a local push bus, the development code sender and a fake
 * clock, driven through the method table exactly as the gateway drives it (JSON params in, results
 * out). One per test.
 */
public final class CoreKit implements AutoCloseable {
    public final FakeClock clock = new FakeClock();
    public final Stores stores;
    public final LocalPushBus bus = new LocalPushBus();
    public final DevCodeSender codes = new DevCodeSender(false);
    public final FerryCore core;
    private int phones;

    public CoreKit() {
        this(new InMemoryStores(), CoreConfig.defaults().withLimits(CoreConfig.RateLimits.unlimited()));
    }

    public CoreKit(Stores stores, CoreConfig config) {
        this.stores = stores;
        this.core = FerryCore.create(config, stores, bus, codes, clock, new SplittableRandom(42));
    }

    /** A device: one connection with its own pushes. */
    public final class Device {
        public final CallContext ctx;
        private final AtomicReference<RecordingSink> sink = new AtomicReference<>();

        Device(String ip) {
            this.ctx = new CallContext(ip, (userId, sessionId) -> {
                RecordingSink s = new RecordingSink(userId, sessionId);
                sink.set(s);
                return s;
            });
        }

        public RecordingSink sink() {
            return sink.get();
        }

        public long userId() {
            return ctx.session().userId();
        }

        public JsonNode call(String method, Object params) {
            Object result = core.rpc().call(ctx, method, Json.mapper().valueToTree(params));
            return Json.mapper().valueToTree(result);
        }

        public JsonNode call(String method) {
            return call(method, Map.of());
        }

        /** Calls and returns the error code, failing if the call succeeded. */
        public ErrorCode fails(String method, Object params) {
            try {
                call(method, params);
            } catch (FerryException e) {
                return e.code();
            }
            throw new AssertionError(method + " succeeded but should have failed");
        }

        public void disconnect() {
            core.rpc().closed(ctx);
        }
    }

    public Device device() {
        return new Device("198.51.100.7");
    }

    public String nextPhone() {
        phones++;
        return String.format("+4915112%06d", phones);
    }

    /** Waits for the code queue to hand the code to the dev sender. */
    public String codeFor(String phone) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            var code = codes.takeCode(phone);
            if (code.isPresent()) {
                return code.get();
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no code was sent to " + phone);
    }

    /** Signs up a new user on a new device and returns the device. */
    public Device signUp(String firstName) {
        String phone = nextPhone();
        Device d = device();
        d.call("auth.sendCode", Map.of("phone", phone));
        String code = codeFor(phone);
        JsonNode in = d.call("auth.signIn", Map.of("phone", phone, "code", code));
        if (!"signUpRequired".equals(in.get("status").asText())) {
            throw new AssertionError("expected sign-up to be required: " + in);
        }
        d.call("auth.signUp", Map.of("phone", phone, "code", code, "firstName", firstName));
        return d;
    }

    @Override
    public void close() {
        core.close();
        stores.close();
    }
}

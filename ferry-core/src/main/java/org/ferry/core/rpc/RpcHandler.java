package org.ferry.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The native protocol's method table, as the gateway sees it. Blocking: the gateway calls it on a
 * virtual thread, never on an event loop. Thread-safe.
 */
public interface RpcHandler {

    /** The methods that produce a session, and so are called without one: the sign-up path. */
    Set<String> SIGN_IN_METHODS = Set.of("auth.sendCode", "auth.signIn", "auth.signUp");

    /**
     * Runs one method and returns its result (serialised to JSON by the gateway). Expected failures
     * throw {@link org.ferry.protocol.FerryException}; anything else is a bug, reported as INTERNAL.
     */
    Object call(CallContext context, String method, JsonNode params);

    /**
     * True while some calls may be turned away by method name alone ({@link #shedSeconds}): the gateway then
     * peeks at each request's method on its event loop. Cheap and non-blocking.
     */
    default boolean shedding() {
        return false;
    }

    /**
     * If a call of {@code method} arriving now is to be refused before its params are read (a sign-up flood
     * beyond what the node admits), the seconds to put in its FLOOD_WAIT; 0 to run it. Counted as a refusal.
     * Cheap and non-blocking: called on the gateway's event loop.
     */
    default int shedSeconds(String method) {
        return 0;
    }

    /**
     * Signs in a one-shot HTTP call with a bearer token, or throws
     * {@link org.ferry.protocol.FerryException} with AUTH_KEY_UNREGISTERED.
     */
    void authenticate(CallContext context, String token);

    /** The connection behind {@code context} closed; releases its sink and presence. */
    void closed(CallContext context);
}

package org.ferry.core.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.ferry.core.CoreConfig;
import org.ferry.core.store.Stores;
import org.ferry.core.store.memory.InMemoryStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A domain test over a fresh {@link CoreKit} per test method, rate limits lifted. A store's module runs the same
 * tests against its store by subclassing and overriding {@link #newStores}.
 */
public abstract class KitTest {
    protected CoreKit kit;

    /** The store under test: in memory unless a subclass says otherwise. */
    protected Stores newStores() {
        return new InMemoryStores();
    }

    @BeforeEach
    void openKit() {
        kit = new CoreKit(newStores(), CoreConfig.defaults().withLimits(CoreConfig.RateLimits.unlimited()));
    }

    @AfterEach
    void closeKit() {
        kit.close();
    }

    /** The {@code id} of a result: a chat, a message or a user. */
    protected static long id(JsonNode result) {
        return result.get("id").asLong();
    }
}

package org.ferry.core.store;

import org.ferry.core.store.memory.InMemoryStores;

/** Runs the store contract against the in-memory backend (nothing persists, so reopen is skipped). */
class InMemoryStoresContractTest extends StoreContract {

    @Override
    protected Stores newStores() {
        return new InMemoryStores();
    }
}

package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.ferry.core.model.Dialog;
import org.ferry.core.store.DialogStore;

/**
 * Dialogs in {@code dialogs} by user and chat; read-modify-write steps hold the dialog's stripe so read
 * positions only move forward. Hidden messages are empty-valued keys in {@code hidden}. Thread-safe.
 */
final class RocksDbDialogStore implements DialogStore {
    private static final byte[] EMPTY = new byte[0];

    private final Engine engine;

    RocksDbDialogStore(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Optional<Dialog> get(long userId, long chatId) {
        return Optional.ofNullable(engine.get(Family.DIALOGS, Keys.of(userId, chatId))).map(Values::dialog);
    }

    @Override
    public Map<Long, Dialog> getAll(long userId, Collection<Long> chatIds) {
        List<Long> order = List.copyOf(chatIds);
        List<byte[]> keys = new ArrayList<>(order.size());
        order.forEach(chatId -> keys.add(Keys.of(userId, chatId)));
        List<byte[]> values = engine.multiGet(Family.DIALOGS, keys);
        Map<Long, Dialog> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            if (values.get(i) != null) {
                out.put(order.get(i), Values.dialog(values.get(i)));
            }
        }
        return out;
    }

    @Override
    public Dialog raiseRead(long userId, long chatId, Long readInboxMaxId, Long readOutboxMaxId) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.DIALOG, userId, chatId);
        lock.lock();
        try {
            Optional<Dialog> stored = get(userId, chatId);
            Dialog d = stored.orElse(Dialog.empty(userId, chatId));
            Dialog next = new Dialog(userId, chatId,
                    readInboxMaxId == null ? d.readInboxMaxId() : Math.max(d.readInboxMaxId(), readInboxMaxId),
                    readOutboxMaxId == null ? d.readOutboxMaxId() : Math.max(d.readOutboxMaxId(), readOutboxMaxId),
                    d.pinned(), d.muted());
            if (stored.isEmpty() || !next.equals(d)) {
                engine.put(Family.DIALOGS, Keys.of(userId, chatId), Values.dialog(next));
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Dialog setFlags(long userId, long chatId, boolean pinned, boolean muted) {
        ReentrantLock lock = engine.stripes.of(Stripes.Space.DIALOG, userId, chatId);
        lock.lock();
        try {
            Dialog d = get(userId, chatId).orElse(Dialog.empty(userId, chatId));
            Dialog next = new Dialog(userId, chatId, d.readInboxMaxId(), d.readOutboxMaxId(), pinned, muted);
            engine.put(Family.DIALOGS, Keys.of(userId, chatId), Values.dialog(next));
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void hide(long userId, long chatId, Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        try (Engine.Batch batch = engine.batch()) {
            for (long id : messageIds) {
                batch.put(Family.HIDDEN, Keys.of(userId, chatId, id), EMPTY);
            }
            engine.write(batch);
        }
    }

    @Override
    public Set<Long> hidden(long userId, long chatId, long fromId, long toId) {
        if (fromId > toId || toId < 0) {
            return Set.of();
        }
        byte[] from = Keys.of(userId, chatId, Math.max(fromId, 0));
        byte[] to = toId == Long.MAX_VALUE ? Keys.prefixEnd(Keys.of(userId, chatId)) : Keys.of(userId, chatId, toId + 1);
        return new HashSet<>(engine.scan(Family.HIDDEN, from, to, false, Integer.MAX_VALUE,
                (key, value) -> Keys.longAt(key, 16)));
    }
}

package org.ferry.core.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ferry.core.push.UpdateSink;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Update;

/** An {@link UpdateSink} that records what it was sent. Thread-safe. */
public final class RecordingSink implements UpdateSink {
    private final long userId;
    private final long sessionId;
    private final List<Update> updates = new CopyOnWriteArrayList<>();
    private volatile ErrorCode closedWith;

    public RecordingSink(long userId, long sessionId) {
        this.userId = userId;
        this.sessionId = sessionId;
    }

    @Override public long userId() { return userId; }
    @Override public long sessionId() { return sessionId; }

    @Override
    public void push(Update update) {
        updates.add(update);
    }

    @Override
    public void close(ErrorCode reason) {
        closedWith = reason;
    }

    public List<Update> updates() {
        return List.copyOf(updates);
    }

    public <T extends Update> List<T> updates(Class<T> type) {
        return updates.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void clear() {
        updates.clear();
    }

    public ErrorCode closedWith() {
        return closedWith;
    }
}

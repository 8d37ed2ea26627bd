package org.ferry.store.rocksdb;

import java.util.ArrayList;
import java.util.List;
import org.ferry.core.model.Account;
import org.ferry.core.model.Chat;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.Contact;
import org.ferry.core.model.Dialog;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.LoginCode;
import org.ferry.core.model.Member;
import org.ferry.core.model.Message;
import org.ferry.core.model.Role;
import org.ferry.core.model.Session;
import org.ferry.core.model.UserChat;
import org.ferry.core.model.UsernameOwner;

/**
 * The value encodings of every column family (layouts in {@code package-info.java}). Each value starts
 * with format byte {@link #V1}; a later layout gets a new format byte and both are read. Enums are
 * stored by name, so reordering an enum never changes stored data. Stateless.
 */
final class Values {
    static final int V1 = 1;

    private static final int LOG_POSTED = 'P';
    private static final int LOG_EDITED = 'E';
    private static final int LOG_DELETED = 'D';

    private static final int HAS_REPLY_TO = 1;
    private static final int HAS_FORWARD = 2;
    private static final int HAS_EDIT_DATE = 4;
    private static final int HAS_ACTION = 8;
    private static final int HAS_RANDOM_ID = 16;

    private Values() {
    }

    // ---------------------------------------------------------------- raw longs (indexes, counters)

    static byte[] rawLong(long v) {
        return Keys.of(v);
    }

    static long rawLong(byte[] value) {
        return Keys.longAt(value, 0);
    }

    // ---------------------------------------------------------------- chat partition

    /** Log entry: format, kind, then the message (without chatId, which is in the key) or the deleted ids. */
    static byte[] logEntry(LogEntry entry) {
        return switch (entry) {
            case LogEntry.Posted p -> message(new ValueWriter(V1).byte1(LOG_POSTED), p.message()).toBytes();
            case LogEntry.Edited e -> message(new ValueWriter(V1).byte1(LOG_EDITED), e.message()).toBytes();
            case LogEntry.Deleted d -> {
                ValueWriter w = new ValueWriter(V1).byte1(LOG_DELETED).varLong(d.messageIds().size());
                long previous = 0;
                for (long id : d.messageIds()) {
                    // Ascending ids, so deltas are small.
                    w.varLong(id - previous);
                    previous = id;
                }
                yield w.toBytes();
            }
        };
    }

    static LogEntry logEntry(long chatId, long seq, byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        int kind = r.byte1();
        return switch (kind) {
            case LOG_POSTED -> new LogEntry.Posted(chatId, seq, message(r, chatId));
            case LOG_EDITED -> new LogEntry.Edited(chatId, seq, message(r, chatId));
            case LOG_DELETED -> {
                int n = (int) r.varLong();
                List<Long> ids = new ArrayList<>(n);
                long id = 0;
                for (int i = 0; i < n; i++) {
                    id += r.varLong();
                    ids.add(id);
                }
                yield new LogEntry.Deleted(chatId, seq, ids);
            }
            default -> throw new IllegalStateException("unknown log entry kind " + kind);
        };
    }

    /**
     * The {@code messages} row of a message deleted for everyone: format byte 0 and nothing else. Its post stays in
     * the log (replay needs it), so the row says "gone" where the log alone would still show it.
     */
    static final byte[] DELETED_MESSAGE = {0};

    static boolean isDeletedMessage(byte[] messageRow) {
        return messageRow.length == 1 && messageRow[0] == 0;
    }

    /** Whether a log entry is a post, read from its kind byte without decoding the message. */
    static boolean isPost(byte[] logEntry) {
        return logEntry.length > 1 && logEntry[1] == LOG_POSTED;
    }

    /** The message of a log entry that {@link #isPost} says is a post. */
    static Message post(long chatId, long seq, byte[] logEntry) {
        return ((LogEntry.Posted) logEntry(chatId, seq, logEntry)).message();
    }

    static byte[] message(Message m) {
        return message(new ValueWriter(V1), m).toBytes();
    }

    static Message message(long chatId, byte[] value) {
        return message(new ValueReader(value, V1), chatId);
    }

    /** Message body: flags, id, sender, date, text, then the optional fields the flags announce. */
    private static ValueWriter message(ValueWriter w, Message m) {
        int flags = (m.replyToId() != null ? HAS_REPLY_TO : 0)
                | (m.forward() != null ? HAS_FORWARD : 0)
                | (m.editDate() != null ? HAS_EDIT_DATE : 0)
                | (m.action() != null ? HAS_ACTION : 0)
                | (m.randomId() != 0 ? HAS_RANDOM_ID : 0);
        w.byte1(flags).varLong(m.id()).varLong(m.senderId()).varLong(m.date()).string(m.text());
        if (m.replyToId() != null) {
            w.varLong(m.replyToId());
        }
        if (m.forward() != null) {
            Message.Forward f = m.forward();
            w.varLong(f.chatId()).varLong(f.messageId()).varLong(f.senderId()).varLong(f.date());
        }
        if (m.editDate() != null) {
            w.varLong(m.editDate());
        }
        if (m.action() != null) {
            Message.Action a = m.action();
            w.string(a.type().name()).string(a.title()).varLong(a.userIds().size());
            for (long userId : a.userIds()) {
                w.varLong(userId);
            }
        }
        if (m.randomId() != 0) {
            w.fixedLong(m.randomId());
        }
        return w;
    }

    private static Message message(ValueReader r, long chatId) {
        int flags = r.byte1();
        long id = r.varLong();
        long senderId = r.varLong();
        long date = r.varLong();
        String text = r.string();
        Long replyToId = (flags & HAS_REPLY_TO) != 0 ? r.varLong() : null;
        Message.Forward forward = (flags & HAS_FORWARD) != 0
                ? new Message.Forward(r.varLong(), r.varLong(), r.varLong(), r.varLong()) : null;
        Long editDate = (flags & HAS_EDIT_DATE) != 0 ? r.varLong() : null;
        Message.Action action = null;
        if ((flags & HAS_ACTION) != 0) {
            Message.ActionType type = Message.ActionType.valueOf(r.string());
            String title = r.string();
            int n = (int) r.varLong();
            List<Long> userIds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                userIds.add(r.varLong());
            }
            action = new Message.Action(type, userIds, title);
        }
        long randomId = (flags & HAS_RANDOM_ID) != 0 ? r.fixedLong() : 0;
        return new Message(chatId, id, senderId, date, text, replyToId, forward, editDate, action, randomId);
    }

    static byte[] chat(Chat c) {
        return new ValueWriter(V1).varLong(c.id()).string(c.type().name()).string(c.title()).string(c.username())
                .string(c.about()).varLong(c.creatorId()).varLong(c.createdAt()).toBytes();
    }

    static Chat chat(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        return new Chat(r.varLong(), ChatType.valueOf(r.string()), r.string(), r.string(), r.string(), r.varLong(),
                r.varLong());
    }

    static byte[] member(Member m) {
        return new ValueWriter(V1).varLong(m.chatId()).varLong(m.userId()).string(m.role().name())
                .varLong(m.joinedAt()).varLong(m.inviterId()).toBytes();
    }

    static Member member(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        return new Member(r.varLong(), r.varLong(), Role.valueOf(r.string()), r.varLong(), r.varLong());
    }

    // ---------------------------------------------------------------- accounts, auth

    static byte[] account(Account a) {
        return new ValueWriter(V1).varLong(a.id()).string(a.phone()).string(a.firstName()).string(a.lastName())
                .string(a.username()).string(a.bio()).bool(a.bot()).varLong(a.createdAt()).toBytes();
    }

    static Account account(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        return new Account(r.varLong(), r.string(), r.string(), r.string(), r.string(), r.string(), r.bool(),
                r.varLong());
    }

    static byte[] usernameOwner(UsernameOwner o) {
        return new ValueWriter(V1).string(o.kind().name()).varLong(o.id()).toBytes();
    }

    static UsernameOwner usernameOwner(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        UsernameOwner.Kind kind = UsernameOwner.Kind.valueOf(r.string());
        return new UsernameOwner(r.varLong(), kind);
    }

    static byte[] loginCode(LoginCode c) {
        return new ValueWriter(V1).string(c.phone()).string(c.codeHash()).string(c.salt()).varLong(c.createdAt())
                .varLong(c.expiresAt()).varLong(c.attemptsLeft()).toBytes();
    }

    static LoginCode loginCode(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        return new LoginCode(r.string(), r.string(), r.string(), r.varLong(), r.varLong(), (int) r.varLong());
    }

    static byte[] session(Session s) {
        return new ValueWriter(V1).varLong(s.id()).varLong(s.userId()).string(s.tokenHash()).string(s.device())
                .string(s.ip()).varLong(s.createdAt()).varLong(s.lastActiveAt()).toBytes();
    }

    static Session session(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        return new Session(r.varLong(), r.varLong(), r.string(), r.string(), r.string(), r.varLong(), r.varLong());
    }

    // ---------------------------------------------------------------- user partition

    static byte[] userChat(UserChat c) {
        return new ValueWriter(V1).varLong(c.chatId()).string(c.type().name()).varLong(c.joinedAt())
                .varLong(c.peerId()).toBytes();
    }

    static UserChat userChat(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        // Rows written before the peer id was kept end after joinedAt.
        return new UserChat(r.varLong(), ChatType.valueOf(r.string()), r.varLong(), r.atEnd() ? 0 : r.varLong());
    }

    static byte[] dialog(Dialog d) {
        return new ValueWriter(V1).varLong(d.userId()).varLong(d.chatId()).varLong(d.readInboxMaxId())
                .varLong(d.readOutboxMaxId()).bool(d.pinned()).bool(d.muted()).toBytes();
    }

    static Dialog dialog(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        return new Dialog(r.varLong(), r.varLong(), r.varLong(), r.varLong(), r.bool(), r.bool());
    }

    /** Feed entry value: chatId and seq (userId and entry id are the key). */
    static byte[] feedPointer(long chatId, long seq) {
        return new ValueWriter(V1).varLong(chatId).varLong(seq).toBytes();
    }

    static long[] feedPointer(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        return new long[] {r.varLong(), r.varLong()};
    }

    static byte[] contact(Contact c) {
        return new ValueWriter(V1).varLong(c.ownerId()).varLong(c.userId()).string(c.phone()).string(c.firstName())
                .string(c.lastName()).toBytes();
    }

    static Contact contact(byte[] value) {
        ValueReader r = new ValueReader(value, V1);
        return new Contact(r.varLong(), r.varLong(), r.string(), r.string(), r.string());
    }
}

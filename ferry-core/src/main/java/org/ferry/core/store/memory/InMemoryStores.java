package org.ferry.core.store.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.ferry.core.model.Account;
import org.ferry.core.model.Chat;
import org.ferry.core.model.Contact;
import org.ferry.core.model.Dialog;
import org.ferry.core.model.FeedEntry;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.LoginCode;
import org.ferry.core.model.Member;
import org.ferry.core.model.Message;
import org.ferry.core.model.Session;
import org.ferry.core.model.UserChat;
import org.ferry.core.model.UsernameOwner;
import org.ferry.core.store.AccountStore;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.ChatStore;
import org.ferry.core.store.ContactStore;
import org.ferry.core.store.DialogStore;
import org.ferry.core.store.FeedStore;
import org.ferry.core.store.LoginCodeStore;
import org.ferry.core.store.MembershipStore;
import org.ferry.core.store.SessionStore;
import org.ferry.core.store.Stores;
import org.ferry.core.store.UsernameStore;

/**
 * The in-memory backend, for fast unit tests: nothing survives the process. Each partition store
 * guards its maps with its own monitor, which is simple and plenty fast for tests. Thread-safe.
 */
public final class InMemoryStores implements Stores {
    private final Accounts accounts = new Accounts();
    private final Usernames usernames = new Usernames();
    private final LoginCodes loginCodes = new LoginCodes();
    private final Sessions sessions = new Sessions();
    private final Chats chats = new Chats();
    private final Memberships memberships = new Memberships();
    private final Feed feed = new Feed();
    private final Log log = new Log(feed);
    private final Dialogs dialogs = new Dialogs();
    private final Contacts contacts = new Contacts();

    @Override public AccountStore accounts() { return accounts; }
    @Override public UsernameStore usernames() { return usernames; }
    @Override public LoginCodeStore loginCodes() { return loginCodes; }
    @Override public SessionStore sessions() { return sessions; }
    @Override public ChatStore chats() { return chats; }
    @Override public MembershipStore memberships() { return memberships; }
    @Override public ChatLogStore log() { return log; }
    @Override public DialogStore dialogs() { return dialogs; }
    @Override public FeedStore feed() { return feed; }
    @Override public ContactStore contacts() { return contacts; }

    @Override
    public void close() {
    }

    private static final class Accounts implements AccountStore {
        private final Map<Long, Account> byId = new HashMap<>();
        private final Map<String, Long> byPhone = new HashMap<>();
        private final Map<Long, Long> lastSeen = new HashMap<>();

        @Override
        public synchronized Account createIfAbsent(Account account) {
            Long existing = byPhone.putIfAbsent(account.phone(), account.id());
            if (existing != null) {
                return byId.get(existing);
            }
            byId.put(account.id(), account);
            return account;
        }

        @Override
        public synchronized Optional<Account> get(long id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public synchronized Map<Long, Account> getAll(Collection<Long> ids) {
            Map<Long, Account> out = new LinkedHashMap<>();
            for (Long id : ids) {
                Account a = byId.get(id);
                if (a != null) {
                    out.put(id, a);
                }
            }
            return out;
        }

        @Override
        public synchronized Optional<Account> byPhone(String e164) {
            Long id = byPhone.get(e164);
            return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
        }

        @Override
        public synchronized void update(Account account) {
            Account old = byId.get(account.id());
            if (old == null) {
                throw new IllegalArgumentException("no account " + account.id());
            }
            byId.put(account.id(), new Account(old.id(), old.phone(), account.firstName(), account.lastName(),
                    account.username(), account.bio(), account.bot(), old.createdAt()));
        }

        @Override
        public synchronized void setLastSeen(long userId, long epochSeconds) {
            lastSeen.put(userId, epochSeconds);
        }

        @Override
        public synchronized Map<Long, Long> lastSeen(Collection<Long> userIds) {
            Map<Long, Long> out = new LinkedHashMap<>();
            for (Long id : userIds) {
                Long seen = lastSeen.get(id);
                if (seen != null) {
                    out.put(id, seen);
                }
            }
            return out;
        }
    }

    private static final class Usernames implements UsernameStore {
        private final Map<String, UsernameOwner> owners = new HashMap<>();

        private static String key(String name) {
            return name.toLowerCase(Locale.ROOT);
        }

        @Override
        public synchronized boolean claim(String name, UsernameOwner owner) {
            UsernameOwner current = owners.putIfAbsent(key(name), owner);
            return current == null || current.equals(owner);
        }

        @Override
        public synchronized void release(String name, UsernameOwner owner) {
            owners.remove(key(name), owner);
        }

        @Override
        public synchronized Optional<UsernameOwner> resolve(String name) {
            return Optional.ofNullable(owners.get(key(name)));
        }
    }

    private static final class LoginCodes implements LoginCodeStore {
        private final Map<String, LoginCode> codes = new HashMap<>();

        @Override
        public synchronized void put(LoginCode code) {
            codes.put(code.phone(), code);
        }

        @Override
        public synchronized Optional<LoginCode> get(String phone) {
            return Optional.ofNullable(codes.get(phone));
        }

        @Override
        public synchronized boolean replace(LoginCode expected, LoginCode next) {
            return codes.replace(expected.phone(), expected, next);
        }

        @Override
        public synchronized boolean delete(LoginCode expected) {
            return codes.remove(expected.phone(), expected);
        }

        @Override
        public synchronized int deleteExpired(long now, int limit) {
            int deleted = 0;
            for (var it = codes.values().iterator(); it.hasNext() && deleted < limit; ) {
                if (it.next().expiresAt() < now) {
                    it.remove();
                    deleted++;
                }
            }
            return deleted;
        }
    }

    private static final class Sessions implements SessionStore {
        private final Map<String, Session> byToken = new HashMap<>();
        private final Map<Long, Map<Long, Session>> byUser = new HashMap<>();

        @Override
        public synchronized void create(Session session) {
            byToken.put(session.tokenHash(), session);
            byUser.computeIfAbsent(session.userId(), k -> new TreeMap<>()).put(session.id(), session);
        }

        @Override
        public synchronized Optional<Session> byTokenHash(String tokenHash) {
            return Optional.ofNullable(byToken.get(tokenHash));
        }

        @Override
        public synchronized List<Session> byUser(long userId) {
            return List.copyOf(byUser.getOrDefault(userId, Map.of()).values());
        }

        @Override
        public synchronized void touch(Session session, long at) {
            if (byToken.containsKey(session.tokenHash())) {
                Session touched = byToken.get(session.tokenHash()).touchedAt(at);
                byToken.put(touched.tokenHash(), touched);
                byUser.get(touched.userId()).put(touched.id(), touched);
            }
        }

        @Override
        public synchronized boolean delete(Session session) {
            Map<Long, Session> mine = byUser.get(session.userId());
            if (mine != null) {
                mine.remove(session.id());
            }
            return byToken.remove(session.tokenHash()) != null;
        }
    }

    private static final class Chats implements ChatStore {
        private final Map<Long, Chat> chats = new HashMap<>();
        private final Map<Long, NavigableMap<Long, Member>> members = new HashMap<>();
        private final Map<String, Long> privateChats = new HashMap<>();

        private static String pair(long a, long b) {
            return Math.min(a, b) + ":" + Math.max(a, b);
        }

        @Override
        public synchronized void create(Chat chat) {
            chats.put(chat.id(), chat);
        }

        @Override
        public synchronized Optional<Chat> get(long chatId) {
            return Optional.ofNullable(chats.get(chatId));
        }

        @Override
        public synchronized void update(Chat chat) {
            chats.put(chat.id(), chat);
        }

        @Override
        public synchronized long claimPrivateChat(long userA, long userB, long chatId) {
            return privateChats.computeIfAbsent(pair(userA, userB), k -> chatId);
        }

        @Override
        public synchronized Optional<Long> privateChat(long userA, long userB) {
            return Optional.ofNullable(privateChats.get(pair(userA, userB)));
        }

        @Override
        public synchronized AddMember addMember(Member member, int maxMembers) {
            NavigableMap<Long, Member> m = members.computeIfAbsent(member.chatId(), k -> new TreeMap<>());
            if (m.containsKey(member.userId())) {
                return AddMember.ALREADY_MEMBER;
            }
            if (m.size() >= maxMembers) {
                return AddMember.FULL;
            }
            m.put(member.userId(), member);
            return AddMember.ADDED;
        }

        @Override
        public synchronized void updateMember(Member member) {
            NavigableMap<Long, Member> m = members.get(member.chatId());
            if (m != null && m.containsKey(member.userId())) {
                m.put(member.userId(), member);
            }
        }

        @Override
        public synchronized boolean removeMember(long chatId, long userId) {
            NavigableMap<Long, Member> m = members.get(chatId);
            return m != null && m.remove(userId) != null;
        }

        @Override
        public synchronized Optional<Member> member(long chatId, long userId) {
            return Optional.ofNullable(members.getOrDefault(chatId, new TreeMap<>()).get(userId));
        }

        @Override
        public synchronized List<Member> members(long chatId, long afterUserId, int limit) {
            NavigableMap<Long, Member> m = members.get(chatId);
            if (m == null) {
                return List.of();
            }
            return m.tailMap(afterUserId, false).values().stream().limit(limit).toList();
        }

        @Override
        public synchronized int memberCount(long chatId) {
            NavigableMap<Long, Member> m = members.get(chatId);
            return m == null ? 0 : m.size();
        }
    }

    private static final class Memberships implements MembershipStore {
        private final Map<Long, NavigableMap<Long, UserChat>> chats = new HashMap<>();

        @Override
        public synchronized void add(long userId, UserChat chat) {
            chats.computeIfAbsent(userId, k -> new TreeMap<>()).put(chat.chatId(), chat);
        }

        @Override
        public synchronized void remove(long userId, long chatId) {
            NavigableMap<Long, UserChat> m = chats.get(userId);
            if (m != null) {
                m.remove(chatId);
            }
        }

        @Override
        public synchronized List<UserChat> chats(long userId) {
            return List.copyOf(chats.getOrDefault(userId, new TreeMap<>()).values());
        }
    }

    private static final class Log implements ChatLogStore {
        private static final class ChatLog {
            long head;
            final NavigableMap<Long, LogEntry> entries = new TreeMap<>();
            final NavigableMap<Long, Message> messages = new TreeMap<>();
            final Map<String, Long> randomIds = new HashMap<>();
        }

        private final Map<Long, ChatLog> logs = new ConcurrentHashMap<>();
        private final Feed feed;

        Log(Feed feed) {
            this.feed = feed;
        }

        private ChatLog log(long chatId) {
            return logs.computeIfAbsent(chatId, k -> new ChatLog());
        }

        @Override
        public AppendResult append(long chatId, Change change, FeedPointers pointers,
                                   Consumer<LogEntry> whenDurable) {
            ChatLog log = log(chatId);
            synchronized (log) {
                long seq = log.head + 1;
                LogEntry entry;
                switch (change) {
                    case Change.Post post -> {
                        Message d = post.draft();
                        String key = d.senderId() + ":" + d.randomId();
                        if (d.randomId() != 0 && log.randomIds.containsKey(key)) {
                            long original = log.randomIds.get(key);
                            return new AppendResult.Duplicate(((LogEntry.Posted) log.entries.get(original)).message());
                        }
                        Message m = new Message(chatId, seq, d.senderId(), d.date(), d.text(), d.replyToId(),
                                d.forward(), d.editDate(), d.action(), d.randomId());
                        if (d.randomId() != 0) {
                            log.randomIds.put(key, seq);
                        }
                        log.messages.put(seq, m);
                        entry = new LogEntry.Posted(chatId, seq, m);
                    }
                    case Change.Edit edit -> {
                        Message current = log.messages.get(edit.messageId());
                        if (current == null) {
                            return new AppendResult.NotFound();
                        }
                        Message m = current.edited(edit.text(), edit.editDate());
                        log.messages.put(m.id(), m);
                        entry = new LogEntry.Edited(chatId, seq, m);
                    }
                    case Change.Delete delete -> {
                        List<Long> removed = new ArrayList<>();
                        for (Long id : new TreeSet<>(delete.messageIds())) {
                            if (log.messages.remove(id) != null) {
                                removed.add(id);
                            }
                        }
                        if (removed.isEmpty()) {
                            return new AppendResult.NotFound();
                        }
                        entry = new LogEntry.Deleted(chatId, seq, removed);
                    }
                }
                log.head = seq;
                log.entries.put(seq, entry);
                feed.append(pointers.userIds(), pointers.entryId(), chatId, seq);
                whenDurable.accept(entry); // under the chat's lock: in seq order
                return new AppendResult.Appended(entry);
            }
        }

        @Override
        public long head(long chatId) {
            ChatLog log = logs.get(chatId);
            if (log == null) {
                return 0;
            }
            synchronized (log) {
                return log.head;
            }
        }

        @Override
        public Map<Long, Long> heads(Collection<Long> chatIds) {
            Map<Long, Long> out = new LinkedHashMap<>();
            for (Long id : chatIds) {
                out.put(id, head(id));
            }
            return out;
        }

        @Override
        public List<LogEntry> read(long chatId, long afterSeq, int limit) {
            ChatLog log = logs.get(chatId);
            if (log == null) {
                return List.of();
            }
            synchronized (log) {
                return log.entries.tailMap(afterSeq, false).values().stream().limit(limit).toList();
            }
        }

        @Override
        public Optional<Message> message(long chatId, long messageId) {
            ChatLog log = logs.get(chatId);
            if (log == null) {
                return Optional.empty();
            }
            synchronized (log) {
                return Optional.ofNullable(log.messages.get(messageId));
            }
        }

        @Override
        public List<Message> history(long chatId, long beforeId, int limit) {
            ChatLog log = logs.get(chatId);
            if (log == null) {
                return List.of();
            }
            synchronized (log) {
                return log.messages.headMap(beforeId, false).descendingMap().values().stream().limit(limit).toList();
            }
        }

        @Override
        public List<Message> after(long chatId, long afterId, int limit) {
            ChatLog log = logs.get(chatId);
            if (log == null) {
                return List.of();
            }
            synchronized (log) {
                return log.messages.tailMap(afterId, false).values().stream().limit(limit).toList();
            }
        }
    }

    private static final class Dialogs implements DialogStore {
        private final Map<String, Dialog> dialogs = new HashMap<>();
        private final Map<String, Set<Long>> hidden = new HashMap<>();

        private static String key(long userId, long chatId) {
            return userId + ":" + chatId;
        }

        @Override
        public synchronized Optional<Dialog> get(long userId, long chatId) {
            return Optional.ofNullable(dialogs.get(key(userId, chatId)));
        }

        @Override
        public synchronized Map<Long, Dialog> getAll(long userId, Collection<Long> chatIds) {
            Map<Long, Dialog> out = new LinkedHashMap<>();
            for (Long chatId : chatIds) {
                Dialog d = dialogs.get(key(userId, chatId));
                if (d != null) {
                    out.put(chatId, d);
                }
            }
            return out;
        }

        @Override
        public synchronized Dialog raiseRead(long userId, long chatId, Long readInboxMaxId, Long readOutboxMaxId) {
            Dialog d = dialogs.getOrDefault(key(userId, chatId), Dialog.empty(userId, chatId));
            Dialog next = new Dialog(userId, chatId,
                    readInboxMaxId == null ? d.readInboxMaxId() : Math.max(d.readInboxMaxId(), readInboxMaxId),
                    readOutboxMaxId == null ? d.readOutboxMaxId() : Math.max(d.readOutboxMaxId(), readOutboxMaxId),
                    d.pinned(), d.muted());
            dialogs.put(key(userId, chatId), next);
            return next;
        }

        @Override
        public synchronized Dialog setFlags(long userId, long chatId, boolean pinned, boolean muted) {
            Dialog d = dialogs.getOrDefault(key(userId, chatId), Dialog.empty(userId, chatId));
            Dialog next = new Dialog(userId, chatId, d.readInboxMaxId(), d.readOutboxMaxId(), pinned, muted);
            dialogs.put(key(userId, chatId), next);
            return next;
        }

        @Override
        public synchronized void hide(long userId, long chatId, Collection<Long> messageIds) {
            hidden.computeIfAbsent(key(userId, chatId), k -> new TreeSet<>()).addAll(messageIds);
        }

        @Override
        public synchronized Set<Long> hidden(long userId, long chatId, long fromId, long toId) {
            TreeSet<Long> set = (TreeSet<Long>) hidden.get(key(userId, chatId));
            if (set == null || fromId > toId) {
                return Set.of();
            }
            return Set.copyOf(set.subSet(fromId, true, toId, true));
        }
    }

    private static final class Feed implements FeedStore {
        private final Map<Long, ConcurrentSkipListMap<Long, FeedEntry>> feeds = new ConcurrentHashMap<>();

        @Override
        public void append(Collection<Long> userIds, long entryId, long chatId, long seq) {
            for (Long userId : userIds) {
                feeds.computeIfAbsent(userId, k -> new ConcurrentSkipListMap<>())
                        .put(entryId, new FeedEntry(userId, entryId, chatId, seq));
            }
        }

        @Override
        public List<FeedEntry> since(long userId, long afterId, int limit) {
            var feed = feeds.get(userId);
            if (feed == null) {
                return List.of();
            }
            return feed.tailMap(afterId, false).values().stream().limit(limit).toList();
        }

        @Override
        public long last(long userId) {
            var feed = feeds.get(userId);
            return feed == null || feed.isEmpty() ? 0 : feed.lastKey();
        }
    }

    private static final class Contacts implements ContactStore {
        private final Map<Long, NavigableMap<Long, Contact>> contacts = new HashMap<>();

        @Override
        public synchronized void put(Contact contact) {
            contacts.computeIfAbsent(contact.ownerId(), k -> new TreeMap<>()).put(contact.userId(), contact);
        }

        @Override
        public synchronized boolean has(long ownerId, long userId) {
            return contacts.getOrDefault(ownerId, new TreeMap<>()).containsKey(userId);
        }

        @Override
        public synchronized List<Contact> list(long ownerId, long afterUserId, int limit) {
            return contacts.getOrDefault(ownerId, new TreeMap<>()).tailMap(afterUserId, false).values().stream()
                    .limit(Math.max(0, limit)).toList();
        }
    }
}

package org.ferry.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.ferry.core.model.Account;
import org.ferry.core.model.Chat;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.Contact;
import org.ferry.core.model.Dialog;
import org.ferry.core.model.FeedEntry;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.LoginCode;
import org.ferry.core.model.Member;
import org.ferry.core.model.Message;
import org.ferry.core.model.Role;
import org.ferry.core.model.Session;
import org.ferry.core.model.UserChat;
import org.ferry.core.model.UsernameOwner;
import org.ferry.core.store.ChatLogStore.AppendResult;
import org.ferry.core.store.ChatLogStore.Change;
import org.ferry.core.store.ChatLogStore.FeedPointers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store SPI contract: every backend extends this class and passes it unchanged. Tests state the
 * semantics of the SPI javadoc as outcomes and stored state, never as calls. Backends that survive a
 * restart override {@link #reopen} and also run the persistence tests.
 */
public abstract class StoreContract {

    protected Stores stores;

    /** A fresh, empty backend. */
    protected abstract Stores newStores();

    /**
     * Closes {@code old} and opens the same backend again, for persistence tests. Backends that keep
     * nothing across a restart leave this as is, and the persistence tests are skipped.
     */
    protected Stores reopen(Stores old) {
        Assumptions.abort("this backend does not persist across a restart");
        throw new AssertionError("unreachable");
    }

    @BeforeEach
    void openStores() {
        stores = newStores();
    }

    @AfterEach
    void closeStores() {
        if (stores != null) {
            stores.close();
        }
    }

    // ---------------------------------------------------------------- fixtures

    private static Account account(long id, String phone) {
        return new Account(id, phone, "First" + id, "Last", null, "", false, 1_700_000_000_000L + id);
    }

    private static LoginCode code(String phone, int attemptsLeft) {
        return new LoginCode(phone, "hash-" + phone, "salt", 1_000, 301_000, attemptsLeft);
    }

    private static Session session(long id, long userId, String token) {
        return new Session(id, userId, token, "device " + id, "10.0.0." + id, 1_000 + id, 1_000 + id);
    }

    private static Chat chat(long id, ChatType type) {
        return new Chat(id, type, type == ChatType.PRIVATE ? null : "Chat " + id, null, "", 1, 1_700_000_000L);
    }

    private static Member member(long chatId, long userId) {
        return new Member(chatId, userId, Role.MEMBER, 1_700_000_000L + userId, 1);
    }

    private static Message draft(long senderId, String text, long randomId) {
        return new Message(0, 0, senderId, 1_700_000_000L, text, null, null, null, null, randomId);
    }

    private static Change post(long senderId, String text) {
        return new Change.Post(draft(senderId, text, 0));
    }

    private static Change post(long senderId, String text, long randomId) {
        return new Change.Post(draft(senderId, text, randomId));
    }

    private LogEntry appended(long chatId, Change change) {
        AppendResult result = stores.log().append(chatId, change);
        assertThat(result).isInstanceOf(AppendResult.Appended.class);
        return ((AppendResult.Appended) result).entry();
    }

    private Message posted(long chatId, Change change) {
        return ((LogEntry.Posted) appended(chatId, change)).message();
    }

    private static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private static List<Long> seqs(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::seq).toList();
    }

    // ---------------------------------------------------------------- accounts

    @Test
    void createIfAbsentStoresANewAccountFoundByIdAndPhone() {
        Account a = account(10, "+15550000010");
        assertThat(stores.accounts().createIfAbsent(a)).isEqualTo(a);
        assertThat(stores.accounts().get(10)).contains(a);
        assertThat(stores.accounts().byPhone("+15550000010")).contains(a);
    }

    @Test
    void createIfAbsentOnATakenPhoneReturnsTheExistingAccountAndStoresNothing() {
        Account first = account(10, "+15550000010");
        stores.accounts().createIfAbsent(first);
        assertThat(stores.accounts().createIfAbsent(account(11, "+15550000010"))).isEqualTo(first);
        assertThat(stores.accounts().get(11)).isEmpty();
        assertThat(stores.accounts().byPhone("+15550000010")).contains(first);
    }

    @Test
    void unknownAccountsAreEmpty() {
        assertThat(stores.accounts().get(404)).isEmpty();
        assertThat(stores.accounts().byPhone("+15550000404")).isEmpty();
        assertThat(stores.accounts().getAll(List.of())).isEmpty();
    }

    @Test
    void lastSeenKeepsTheLatestTimeRecordedPerUser() {
        assertThat(stores.accounts().lastSeen(List.of(1L))).isEmpty();
        stores.accounts().setLastSeen(1, 1_795_000_000L);
        stores.accounts().setLastSeen(2, 1_795_000_100L);
        stores.accounts().setLastSeen(1, 1_795_000_200L);
        assertThat(stores.accounts().lastSeen(List.of(1L, 2L, 3L)))
                .isEqualTo(Map.of(1L, 1_795_000_200L, 2L, 1_795_000_100L));
        assertThat(stores.accounts().lastSeen(List.of())).isEmpty();
    }

    @Test
    void getAllReturnsOnlyTheAccountsThatExist() {
        Account a = stores.accounts().createIfAbsent(account(1, "+15550000001"));
        Account b = stores.accounts().createIfAbsent(account(2, "+15550000002"));
        assertThat(stores.accounts().getAll(List.of(1L, 2L, 3L))).isEqualTo(Map.of(1L, a, 2L, b));
    }

    @Test
    void updateReplacesTheProfileButNeverThePhone() {
        Account a = stores.accounts().createIfAbsent(account(1, "+15550000001"));
        Account changed = new Account(1, "+15559999999", "New", "Name", "NewName", "bio", false, a.createdAt());
        stores.accounts().update(changed);

        Account stored = stores.accounts().get(1).orElseThrow();
        assertThat(stored.phone()).isEqualTo("+15550000001");
        assertThat(stored.firstName()).isEqualTo("New");
        assertThat(stored.lastName()).isEqualTo("Name");
        assertThat(stored.username()).isEqualTo("NewName");
        assertThat(stored.bio()).isEqualTo("bio");
        assertThat(stores.accounts().byPhone("+15550000001")).contains(stored);
        assertThat(stores.accounts().byPhone("+15559999999")).isEmpty();
    }

    @Test
    void accountsKeepNullableAndUnicodeFields() {
        Account a = new Account(7, "+15550000007", "Zoë 🚢", null, null, null, true, 42);
        stores.accounts().createIfAbsent(a);
        assertThat(stores.accounts().get(7)).contains(a);
    }

    // ---------------------------------------------------------------- usernames

    @Test
    void claimTakesAFreeNameThatResolvesInAnyCase() {
        UsernameOwner alice = new UsernameOwner(1, UsernameOwner.Kind.USER);
        assertThat(stores.usernames().claim("Alice", alice)).isTrue();
        assertThat(stores.usernames().resolve("alice")).contains(alice);
        assertThat(stores.usernames().resolve("ALICE")).contains(alice);
        assertThat(stores.usernames().resolve("bob")).isEmpty();
    }

    @Test
    void claimIsCaseInsensitiveAgainstOtherOwners() {
        UsernameOwner alice = new UsernameOwner(1, UsernameOwner.Kind.USER);
        stores.usernames().claim("alice", alice);
        assertThat(stores.usernames().claim("ALICE", new UsernameOwner(2, UsernameOwner.Kind.USER))).isFalse();
        // A chat with the same numeric id is a different owner.
        assertThat(stores.usernames().claim("Alice", new UsernameOwner(1, UsernameOwner.Kind.CHAT))).isFalse();
        assertThat(stores.usernames().resolve("alice")).contains(alice);
    }

    @Test
    void theOwnerMayClaimItsNameAgain() {
        UsernameOwner channel = new UsernameOwner(9, UsernameOwner.Kind.CHAT);
        assertThat(stores.usernames().claim("news", channel)).isTrue();
        assertThat(stores.usernames().claim("News", channel)).isTrue();
        assertThat(stores.usernames().resolve("NEWS")).contains(channel);
    }

    @Test
    void onlyTheOwnerCanReleaseAName() {
        UsernameOwner alice = new UsernameOwner(1, UsernameOwner.Kind.USER);
        UsernameOwner bob = new UsernameOwner(2, UsernameOwner.Kind.USER);
        stores.usernames().claim("alice", alice);

        stores.usernames().release("alice", bob);
        assertThat(stores.usernames().resolve("alice")).contains(alice);

        stores.usernames().release("ALICE", alice);
        assertThat(stores.usernames().resolve("alice")).isEmpty();
        assertThat(stores.usernames().claim("alice", bob)).isTrue();
        stores.usernames().release("never-claimed", bob);
    }

    // ---------------------------------------------------------------- login codes

    @Test
    void putStoresOneCodePerPhoneAndReplacesEarlierOnes() {
        assertThat(stores.loginCodes().get("+15550000001")).isEmpty();
        LoginCode first = code("+15550000001", 5);
        stores.loginCodes().put(first);
        assertThat(stores.loginCodes().get("+15550000001")).contains(first);

        LoginCode second = new LoginCode("+15550000001", "other", "salt2", 2_000, 302_000, 5);
        stores.loginCodes().put(second);
        assertThat(stores.loginCodes().get("+15550000001")).contains(second);
        assertThat(stores.loginCodes().get("+15550000002")).isEmpty();
    }

    @Test
    void replaceSucceedsOnlyAgainstTheStoredCode() {
        LoginCode stored = code("+15550000001", 5);
        stores.loginCodes().put(stored);

        assertThat(stores.loginCodes().replace(stored, stored.withAttemptsLeft(4))).isTrue();
        assertThat(stores.loginCodes().get("+15550000001")).contains(stored.withAttemptsLeft(4));

        // A second guess that read the code before the first one wrote is stale.
        assertThat(stores.loginCodes().replace(stored, stored.withAttemptsLeft(4))).isFalse();
        assertThat(stores.loginCodes().get("+15550000001")).contains(stored.withAttemptsLeft(4));

        LoginCode absent = code("+15550000002", 5);
        assertThat(stores.loginCodes().replace(absent, absent.withAttemptsLeft(4))).isFalse();
        assertThat(stores.loginCodes().get("+15550000002")).isEmpty();
    }

    @Test
    void deleteSucceedsOnlyAgainstTheStoredCode() {
        LoginCode stored = code("+15550000001", 5);
        stores.loginCodes().put(stored);

        assertThat(stores.loginCodes().delete(stored.withAttemptsLeft(3))).isFalse();
        assertThat(stores.loginCodes().get("+15550000001")).contains(stored);

        assertThat(stores.loginCodes().delete(stored)).isTrue();
        assertThat(stores.loginCodes().get("+15550000001")).isEmpty();
        assertThat(stores.loginCodes().delete(stored)).isFalse();
    }

    @Test
    void deleteExpiredDeletesOnlyCodesPastTheirTimeAndCountsThem() throws Exception {
        // More codes than a store reads at a time (RocksDB: 1,000); every third one is still live at 200,000.
        List<LoginCode> all = new ArrayList<>();
        for (int i = 0; i < 1_050; i++) {
            all.add(new LoginCode(String.format("+1555%07d", i), "hash", "salt", 1_000, i % 3 == 0 ? 300_000 : 100_000,
                    5));
        }
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            all.forEach(c -> writers.submit(() -> stores.loginCodes().put(c)));
        }
        LoginCode replaced = new LoginCode("+15550000004", "new", "salt", 150_000, 400_000, 5); // was expired
        stores.loginCodes().put(replaced);

        assertThat(stores.loginCodes().deleteExpired(200_000, 100)).isEqualTo(100);
        assertThat(stores.loginCodes().deleteExpired(200_000, 10_000)).isEqualTo(599);
        assertThat(stores.loginCodes().deleteExpired(200_000, 10_000)).isZero();
        for (LoginCode c : all) {
            Optional<LoginCode> left = stores.loginCodes().get(c.phone());
            assertThat(left).as(c.phone()).isEqualTo(c.phone().equals(replaced.phone()) ? Optional.of(replaced)
                    : c.expiresAt() == 300_000 ? Optional.of(c) : Optional.empty());
        }
    }

    // ---------------------------------------------------------------- sessions

    @Test
    void sessionsAreFoundByTokenAndByUserOldestFirst() {
        Session s3 = session(3, 100, "tok3");
        Session s1 = session(1, 100, "tok1");
        Session s2 = session(2, 100, "tok2");
        Session other = session(4, 200, "tok4");
        stores.sessions().create(s3);
        stores.sessions().create(s1);
        stores.sessions().create(s2);
        stores.sessions().create(other);

        assertThat(stores.sessions().byTokenHash("tok2")).contains(s2);
        assertThat(stores.sessions().byTokenHash("nope")).isEmpty();
        assertThat(stores.sessions().byUser(100)).containsExactly(s1, s2, s3);
        assertThat(stores.sessions().byUser(200)).containsExactly(other);
        assertThat(stores.sessions().byUser(300)).isEmpty();
    }

    @Test
    void touchRecordsActivityInBothIndexes() {
        Session s = session(1, 100, "tok1");
        stores.sessions().create(s);
        stores.sessions().touch(s, 99_000);

        assertThat(stores.sessions().byTokenHash("tok1")).contains(s.touchedAt(99_000));
        assertThat(stores.sessions().byUser(100)).containsExactly(s.touchedAt(99_000));
    }

    @Test
    void deleteRemovesASessionFromBothIndexesOnce() {
        Session s1 = session(1, 100, "tok1");
        Session s2 = session(2, 100, "tok2");
        stores.sessions().create(s1);
        stores.sessions().create(s2);

        assertThat(stores.sessions().delete(s1)).isTrue();
        assertThat(stores.sessions().byTokenHash("tok1")).isEmpty();
        assertThat(stores.sessions().byUser(100)).containsExactly(s2);
        assertThat(stores.sessions().delete(s1)).isFalse();

        // A touch racing with sign-out must not resurrect the session.
        stores.sessions().touch(s1, 5_000);
        assertThat(stores.sessions().byTokenHash("tok1")).isEmpty();
        assertThat(stores.sessions().byUser(100)).containsExactly(s2);
    }

    // ---------------------------------------------------------------- chats

    @Test
    void chatsAreCreatedReadAndUpdated() {
        Chat group = chat(50, ChatType.GROUP);
        stores.chats().create(group);
        assertThat(stores.chats().get(50)).contains(group);
        assertThat(stores.chats().get(51)).isEmpty();

        Chat renamed = group.withTitle("Renamed").withUsername("renamed_group");
        stores.chats().update(renamed);
        assertThat(stores.chats().get(50)).contains(renamed);

        Chat dm = chat(52, ChatType.PRIVATE);
        stores.chats().create(dm);
        assertThat(stores.chats().get(52)).contains(dm);
    }

    @Test
    void claimPrivateChatReturnsTheWinnerForEitherOrderOfUsers() {
        assertThat(stores.chats().privateChat(1, 2)).isEmpty();
        assertThat(stores.chats().claimPrivateChat(1, 2, 100)).isEqualTo(100);
        assertThat(stores.chats().claimPrivateChat(2, 1, 101)).isEqualTo(100);
        assertThat(stores.chats().claimPrivateChat(1, 2, 102)).isEqualTo(100);
        assertThat(stores.chats().privateChat(1, 2)).contains(100L);
        assertThat(stores.chats().privateChat(2, 1)).contains(100L);

        assertThat(stores.chats().claimPrivateChat(3, 1, 103)).isEqualTo(103);
        assertThat(stores.chats().privateChat(1, 3)).contains(103L);
        assertThat(stores.chats().privateChat(2, 3)).isEmpty();
    }

    @Test
    void addMemberIsIdempotentAndKeepsTheCount() {
        stores.chats().create(chat(50, ChatType.GROUP));
        assertThat(stores.chats().memberCount(50)).isZero();

        Member m = member(50, 7);
        assertThat(stores.chats().addMember(m)).isTrue();
        assertThat(stores.chats().addMember(m.withRole(Role.ADMIN))).isFalse();
        assertThat(stores.chats().addMember(member(50, 8))).isTrue();

        assertThat(stores.chats().memberCount(50)).isEqualTo(2);
        assertThat(stores.chats().member(50, 7)).contains(m);
        assertThat(stores.chats().member(50, 9)).isEmpty();
        assertThat(stores.chats().member(51, 7)).isEmpty();
    }

    @Test
    void addMemberStopsAtTheLimit() {
        stores.chats().create(chat(50, ChatType.GROUP));
        assertThat(stores.chats().addMember(member(50, 7), 2)).isEqualTo(ChatStore.AddMember.ADDED);
        assertThat(stores.chats().addMember(member(50, 8), 2)).isEqualTo(ChatStore.AddMember.ADDED);
        assertThat(stores.chats().addMember(member(50, 9), 2)).isEqualTo(ChatStore.AddMember.FULL);
        assertThat(stores.chats().addMember(member(50, 7), 2)).isEqualTo(ChatStore.AddMember.ALREADY_MEMBER);

        assertThat(stores.chats().memberCount(50)).isEqualTo(2);
        assertThat(stores.chats().member(50, 9)).isEmpty();
        stores.chats().removeMember(50, 8);
        assertThat(stores.chats().addMember(member(50, 9), 2)).isEqualTo(ChatStore.AddMember.ADDED);
    }

    @Test
    void concurrentAddsNeverTakeAChatPastItsLimit() throws Exception {
        raceAddsToTheLimit(0, 25);
    }

    /** Past the size up to which a store may keep a chat's members in memory (256 in the RocksDB store). */
    @Test
    void concurrentAddsNeverTakeALargeChatPastItsLimit() throws Exception {
        raceAddsToTheLimit(300, 325);
    }

    /**
     * Eight threads each add ten users of their own and, after each, the same "shared" user as every other thread
     * (so that adds of one user race); the chat starts with {@code prefill} members and takes {@code limit}. Each
     * user is added at most once, and exactly the users reported added are members.
     */
    private void raceAddsToTheLimit(int prefill, int limit) throws Exception {
        stores.chats().create(chat(50, ChatType.GROUP));
        for (long u = 1; u <= prefill; u++) {
            stores.chats().addMember(member(50, u));
        }
        int threads = 8;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(threads);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long first = 1_000L * (t + 1);
                results.add(pool.submit(() -> {
                    start.countDown();
                    start.await();
                    List<Long> added = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        for (long u : new long[] {first + i, 900_000L + i}) {
                            ChatStore.AddMember outcome = stores.chats().addMember(member(50, u), limit);
                            if (outcome == ChatStore.AddMember.ADDED) {
                                added.add(u);
                            }
                        }
                    }
                    if (prefill > 0) {
                        assertThat(stores.chats().addMember(member(50, 1), limit))
                                .isEqualTo(ChatStore.AddMember.ALREADY_MEMBER);
                    }
                    return added;
                }));
            }
            List<Long> added = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                added.addAll(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(added).hasSize(limit - prefill).doesNotHaveDuplicates();
            List<Long> members = stores.chats().members(50, 0, 1_000).stream().map(Member::userId).toList();
            assertThat(members).hasSize(limit).containsAll(added);
            assertThat(stores.chats().memberCount(50)).isEqualTo(limit);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateMemberReplacesOnlyAnExistingMember() {
        Member m = member(50, 7);
        stores.chats().addMember(m);
        stores.chats().updateMember(m.withRole(Role.ADMIN));
        assertThat(stores.chats().member(50, 7)).contains(m.withRole(Role.ADMIN));

        stores.chats().updateMember(member(50, 8));
        assertThat(stores.chats().member(50, 8)).isEmpty();
        assertThat(stores.chats().memberCount(50)).isEqualTo(1);
    }

    @Test
    void removeMemberReportsWhetherTheUserWasAMember() {
        stores.chats().addMember(member(50, 7));
        stores.chats().addMember(member(50, 8));

        assertThat(stores.chats().removeMember(50, 7)).isTrue();
        assertThat(stores.chats().removeMember(50, 7)).isFalse();
        assertThat(stores.chats().removeMember(50, 99)).isFalse();
        assertThat(stores.chats().member(50, 7)).isEmpty();
        assertThat(stores.chats().memberCount(50)).isEqualTo(1);

        assertThat(stores.chats().addMember(member(50, 7))).isTrue();
        assertThat(stores.chats().memberCount(50)).isEqualTo(2);
    }

    @Test
    void membersArePagedInUserIdOrder() {
        for (long userId : new long[] {30, 10, 50, 20, 40}) {
            stores.chats().addMember(member(50, userId));
        }
        stores.chats().addMember(member(51, 15));

        assertThat(stores.chats().members(50, 0, 2)).extracting(Member::userId).containsExactly(10L, 20L);
        assertThat(stores.chats().members(50, 20, 2)).extracting(Member::userId).containsExactly(30L, 40L);
        assertThat(stores.chats().members(50, 25, 10)).extracting(Member::userId).containsExactly(30L, 40L, 50L);
        assertThat(stores.chats().members(50, 50, 10)).isEmpty();
        assertThat(stores.chats().members(52, 0, 10)).isEmpty();
        assertThat(stores.chats().memberCount(52)).isZero();
    }

    // ---------------------------------------------------------------- memberships

    @Test
    void membershipsListTheUsersChatsInIdOrder() {
        UserChat c30 = new UserChat(30, ChatType.GROUP, 3);
        UserChat c10 = new UserChat(10, ChatType.PRIVATE, 1, 2);
        UserChat c20 = new UserChat(20, ChatType.CHANNEL, 2);
        stores.memberships().add(1, c30);
        stores.memberships().add(1, c10);
        stores.memberships().add(1, c20);
        stores.memberships().add(2, c10);

        assertThat(stores.memberships().chats(1)).containsExactly(c10, c20, c30);

        stores.memberships().remove(1, 20);
        stores.memberships().remove(1, 99);
        assertThat(stores.memberships().chats(1)).containsExactly(c10, c30);
        assertThat(stores.memberships().chats(2)).containsExactly(c10);
        assertThat(stores.memberships().chats(3)).isEmpty();

        UserChat rejoined = new UserChat(10, ChatType.PRIVATE, 9, 2);
        stores.memberships().add(1, rejoined);
        assertThat(stores.memberships().chats(1)).containsExactly(rejoined, c30);
    }

    // ---------------------------------------------------------------- log: posts

    @Test
    void anEmptyChatHasNoLog() {
        assertThat(stores.log().head(77)).isZero();
        assertThat(stores.log().read(77, 0, 10)).isEmpty();
        assertThat(stores.log().history(77, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(stores.log().after(77, 0, 10)).isEmpty();
        assertThat(stores.log().message(77, 1)).isEmpty();
    }

    @Test
    void postsGetGaplessSeqsThatAreTheirIds() {
        for (int i = 1; i <= 3; i++) {
            LogEntry entry = appended(77, post(1, "m" + i));
            assertThat(entry).isInstanceOf(LogEntry.Posted.class);
            assertThat(entry.chatId()).isEqualTo(77);
            assertThat(entry.seq()).isEqualTo(i);
            Message m = ((LogEntry.Posted) entry).message();
            assertThat(m.id()).isEqualTo(i);
            assertThat(m.chatId()).isEqualTo(77);
            assertThat(m.text()).isEqualTo("m" + i);
        }
        assertThat(stores.log().head(77)).isEqualTo(3);
        // Logs of different chats are independent.
        assertThat(appended(78, post(1, "other")).seq()).isEqualTo(1);
        assertThat(stores.log().head(77)).isEqualTo(3);
    }

    @Test
    void aPostedMessageKeepsEveryField() {
        Message full = new Message(999, 999, 5, 1_700_000_123L, "héllo 👋 ферри", 1L,
                new Message.Forward(12, 34, 56, 1_600_000_000L), 1_700_000_200L, null, -8_123_456_789L);
        Message service = new Message(0, 0, 5, 1_700_000_300L, null, null, null, null,
                new Message.Action(Message.ActionType.MEMBERS_ADDED, List.of(7L, 8L), "Title"), 0);
        Message bare = new Message(0, 0, 6, 0, "", null, null, null,
                new Message.Action(Message.ActionType.CREATED, List.of(), null), 0);

        appended(77, post(5, "first"));
        Message m2 = posted(77, new Change.Post(full));
        Message m3 = posted(77, new Change.Post(service));
        Message m4 = posted(77, new Change.Post(bare));

        assertThat(m2).isEqualTo(new Message(77, 2, 5, 1_700_000_123L, "héllo 👋 ферри", 1L,
                new Message.Forward(12, 34, 56, 1_600_000_000L), 1_700_000_200L, null, -8_123_456_789L));
        assertThat(m3).isEqualTo(new Message(77, 3, 5, 1_700_000_300L, null, null, null, null,
                service.action(), 0));
        assertThat(m4.action()).isEqualTo(bare.action());
        assertThat(stores.log().message(77, 2)).contains(m2);
        assertThat(stores.log().message(77, 3)).contains(m3);
        assertThat(stores.log().message(77, 4)).contains(m4);
        assertThat(stores.log().read(77, 1, 10)).containsExactly(
                new LogEntry.Posted(77, 2, m2), new LogEntry.Posted(77, 3, m3), new LogEntry.Posted(77, 4, m4));
    }

    @Test
    void aRetriedPostReturnsTheOriginalAndAppendsNothing() {
        Message original = posted(77, post(5, "hello", 4242));
        AppendResult retry = stores.log().append(77, post(5, "hello again", 4242));

        assertThat(retry).isEqualTo(new AppendResult.Duplicate(original));
        assertThat(stores.log().head(77)).isEqualTo(1);
        assertThat(stores.log().read(77, 0, 10)).hasSize(1);
    }

    @Test
    void onlyTheSameSenderInTheSameChatIsADuplicate() {
        posted(77, post(5, "a", 4242));
        assertThat(posted(77, post(6, "other sender", 4242)).id()).isEqualTo(2);
        assertThat(posted(78, post(5, "other chat", 4242)).id()).isEqualTo(1);
        assertThat(stores.log().append(77, post(6, "retry", 4242))).isInstanceOf(AppendResult.Duplicate.class);
        assertThat(stores.log().head(77)).isEqualTo(2);
    }

    @Test
    void randomIdZeroIsNeverDeduplicated() {
        posted(77, post(5, "a", 0));
        posted(77, post(5, "a", 0));
        assertThat(stores.log().head(77)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- log: edits and deletes

    @Test
    void anEditChangesTheMessageAndIsLogged() {
        Message m = posted(77, post(5, "helo"));
        posted(77, post(6, "other"));

        LogEntry entry = appended(77, new Change.Edit(m.id(), "hello", 1_700_000_500L));

        Message edited = m.edited("hello", 1_700_000_500L);
        assertThat(entry).isEqualTo(new LogEntry.Edited(77, 3, edited));
        assertThat(stores.log().message(77, m.id())).contains(edited);
        assertThat(stores.log().history(77, Long.MAX_VALUE, 10)).extracting(Message::text).containsExactly("other", "hello");
        assertThat(stores.log().read(77, 0, 10)).extracting(LogEntry::getClass)
                .containsExactly(LogEntry.Posted.class, LogEntry.Posted.class, LogEntry.Edited.class);
        assertThat(stores.log().head(77)).isEqualTo(3);
    }

    @Test
    void editingAMissingMessageIsNotFoundAndAppendsNothing() {
        posted(77, post(5, "one"));
        assertThat(stores.log().append(77, new Change.Edit(99, "x", 1))).isEqualTo(new AppendResult.NotFound());
        assertThat(stores.log().append(78, new Change.Edit(1, "x", 1))).isEqualTo(new AppendResult.NotFound());
        assertThat(stores.log().head(77)).isEqualTo(1);
        assertThat(stores.log().head(78)).isZero();
    }

    @Test
    void deleteRemovesExistingMessagesAndDropsTheRest() {
        for (int i = 1; i <= 4; i++) {
            posted(77, post(5, "m" + i));
        }
        LogEntry entry = appended(77, new Change.Delete(List.of(3L, 1L, 99L)));

        assertThat(entry).isEqualTo(new LogEntry.Deleted(77, 5, List.of(1L, 3L)));
        assertThat(stores.log().message(77, 1)).isEmpty();
        assertThat(stores.log().message(77, 3)).isEmpty();
        assertThat(stores.log().message(77, 2)).isPresent();
        assertThat(ids(stores.log().history(77, Long.MAX_VALUE, 10))).containsExactly(4L, 2L);
        assertThat(ids(stores.log().after(77, 0, 10))).containsExactly(2L, 4L);
        // The log itself keeps every entry: a client replaying it learns of the deletion.
        assertThat(seqs(stores.log().read(77, 0, 10))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void deletingOnlyMissingMessagesIsNotFound() {
        posted(77, post(5, "m1"));
        appended(77, new Change.Delete(List.of(1L)));

        assertThat(stores.log().append(77, new Change.Delete(List.of(1L, 42L)))).isEqualTo(new AppendResult.NotFound());
        assertThat(stores.log().append(77, new Change.Edit(1, "too late", 9))).isEqualTo(new AppendResult.NotFound());
        assertThat(stores.log().head(77)).isEqualTo(2);
    }

    @Test
    void aRetryOfADeletedPostIsStillADuplicate() {
        Message original = posted(77, post(5, "oops", 7));
        appended(77, new Change.Delete(List.of(original.id())));
        assertThat(stores.log().append(77, post(5, "oops", 7))).isEqualTo(new AppendResult.Duplicate(original));
        assertThat(stores.log().head(77)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- log: reading

    @Test
    void readPagesTheLogAscending() {
        for (int i = 1; i <= 5; i++) {
            posted(77, post(5, "m" + i));
        }
        assertThat(seqs(stores.log().read(77, 0, 2))).containsExactly(1L, 2L);
        assertThat(seqs(stores.log().read(77, 2, 2))).containsExactly(3L, 4L);
        assertThat(seqs(stores.log().read(77, 4, 10))).containsExactly(5L);
        assertThat(stores.log().read(77, 5, 10)).isEmpty();
        assertThat(stores.log().read(77, 0, 0)).isEmpty();
    }

    @Test
    void historyPagesNewestFirst() {
        for (int i = 1; i <= 5; i++) {
            posted(77, post(5, "m" + i));
        }
        posted(78, post(5, "elsewhere"));

        assertThat(ids(stores.log().history(77, Long.MAX_VALUE, 2))).containsExactly(5L, 4L);
        assertThat(ids(stores.log().history(77, 4, 2))).containsExactly(3L, 2L);
        assertThat(ids(stores.log().history(77, 2, 10))).containsExactly(1L);
        assertThat(stores.log().history(77, 1, 10)).isEmpty();
        assertThat(stores.log().history(77, 5, 0)).isEmpty();
    }

    @Test
    void afterPagesOldestFirst() {
        for (int i = 1; i <= 5; i++) {
            posted(77, post(5, "m" + i));
        }
        posted(78, post(5, "elsewhere"));

        assertThat(ids(stores.log().after(77, 0, 2))).containsExactly(1L, 2L);
        assertThat(ids(stores.log().after(77, 2, 2))).containsExactly(3L, 4L);
        assertThat(ids(stores.log().after(77, 4, 10))).containsExactly(5L);
        assertThat(stores.log().after(77, 5, 10)).isEmpty();
        assertThat(stores.log().message(77, 5).orElseThrow().text()).isEqualTo("m5");
    }

    @Test
    void historyAndAfterShowEditsAndSkipDeletionsAcrossPages() {
        for (int i = 1; i <= 6; i++) {
            posted(77, post(5, "m" + i));
        }
        appended(77, new Change.Edit(2, "m2!", 9)); // seq 7
        appended(77, new Change.Delete(List.of(5L, 3L))); // seq 8
        posted(77, post(5, "m9")); // seq 9
        appended(77, new Change.Edit(9, "m9!", 10)); // seq 10
        posted(78, post(5, "elsewhere"));

        assertThat(stores.log().history(77, Long.MAX_VALUE, 10)).extracting(Message::text)
                .containsExactly("m9!", "m6", "m4", "m2!", "m1");
        assertThat(ids(stores.log().history(77, Long.MAX_VALUE, 2))).containsExactly(9L, 6L);
        assertThat(ids(stores.log().history(77, 6, 2))).containsExactly(4L, 2L);
        assertThat(ids(stores.log().history(77, 2, 2))).containsExactly(1L);
        assertThat(stores.log().after(77, 0, 10)).extracting(Message::text)
                .containsExactly("m1", "m2!", "m4", "m6", "m9!");
        assertThat(ids(stores.log().after(77, 1, 2))).containsExactly(2L, 4L);
        assertThat(ids(stores.log().after(77, 4, 2))).containsExactly(6L, 9L);
        assertThat(stores.log().after(77, 9, 10)).isEmpty();
        assertThat(ids(stores.log().after(77, 0, Integer.MAX_VALUE))).containsExactly(1L, 2L, 4L, 6L, 9L);
        assertThat(ids(stores.log().history(77, Long.MAX_VALUE, Integer.MAX_VALUE))).containsExactly(9L, 6L, 4L, 2L, 1L);
        // Ids of log entries that are not posts are no messages.
        assertThat(stores.log().message(77, 7)).isEmpty();
        assertThat(stores.log().message(77, 8)).isEmpty();
        assertThat(stores.log().message(77, 9).orElseThrow().text()).isEqualTo("m9!");
    }

    @Test
    void aPageFindsMessagesBeyondManyDeletions() {
        posted(77, post(5, "first"));
        List<Long> doomed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            doomed.add(posted(77, post(5, "gone" + i)).id());
        }
        appended(77, new Change.Delete(doomed.subList(0, 50))); // seq 102
        appended(77, new Change.Delete(doomed.subList(50, 100))); // seq 103
        posted(77, post(5, "last")); // seq 104

        assertThat(stores.log().history(77, Long.MAX_VALUE, 2)).extracting(Message::text)
                .containsExactly("last", "first");
        assertThat(stores.log().after(77, 0, 2)).extracting(Message::text).containsExactly("first", "last");
        assertThat(stores.log().after(77, 1, 5)).extracting(Message::text).containsExactly("last");
        assertThat(stores.log().history(77, 104, 5)).extracting(Message::text).containsExactly("first");
    }

    @Test
    void headsCoverEveryAskedChat() {
        posted(1, post(5, "a"));
        posted(1, post(5, "b"));
        posted(2, post(5, "c"));

        assertThat(stores.log().heads(List.of(1L, 2L, 3L))).isEqualTo(Map.of(1L, 2L, 2L, 1L, 3L, 0L));
        assertThat(stores.log().heads(List.of())).isEmpty();
    }

    // ---------------------------------------------------------------- dialogs

    @Test
    void raiseReadCreatesTheRowAndNeverMovesBack() {
        assertThat(stores.dialogs().get(1, 77)).isEmpty();

        assertThat(stores.dialogs().raiseRead(1, 77, 10L, null)).isEqualTo(new Dialog(1, 77, 10, 0, false, false));
        assertThat(stores.dialogs().raiseRead(1, 77, 5L, 3L)).isEqualTo(new Dialog(1, 77, 10, 3, false, false));
        assertThat(stores.dialogs().raiseRead(1, 77, null, null)).isEqualTo(new Dialog(1, 77, 10, 3, false, false));
        assertThat(stores.dialogs().raiseRead(1, 77, 12L, 2L)).isEqualTo(new Dialog(1, 77, 12, 3, false, false));
        assertThat(stores.dialogs().get(1, 77)).contains(new Dialog(1, 77, 12, 3, false, false));
        assertThat(stores.dialogs().get(2, 77)).isEmpty();
    }

    @Test
    void flagsAndReadPositionsAreIndependent() {
        assertThat(stores.dialogs().setFlags(1, 77, true, false)).isEqualTo(new Dialog(1, 77, 0, 0, true, false));
        stores.dialogs().raiseRead(1, 77, 4L, 4L);
        assertThat(stores.dialogs().setFlags(1, 77, false, true)).isEqualTo(new Dialog(1, 77, 4, 4, false, true));
        assertThat(stores.dialogs().raiseRead(1, 77, 6L, null)).isEqualTo(new Dialog(1, 77, 6, 4, false, true));
    }

    @Test
    void getAllReturnsOnlyStoredDialogs() {
        stores.dialogs().raiseRead(1, 10, 1L, null);
        stores.dialogs().setFlags(1, 20, true, true);
        stores.dialogs().raiseRead(2, 30, 1L, null);

        Map<Long, Dialog> all = stores.dialogs().getAll(1, List.of(10L, 20L, 30L));
        assertThat(all).containsOnlyKeys(10L, 20L);
        assertThat(all.get(20L)).isEqualTo(new Dialog(1, 20, 0, 0, true, true));
    }

    @Test
    void hiddenMessagesAreKeptPerUserAndChat() {
        stores.dialogs().hide(1, 77, List.of(5L, 1L, 9L));
        stores.dialogs().hide(1, 77, List.of(5L, 7L));
        stores.dialogs().hide(1, 78, List.of(3L));
        stores.dialogs().hide(2, 77, List.of(2L));

        assertThat(stores.dialogs().hidden(1, 77, 0, Long.MAX_VALUE)).isEqualTo(Set.of(1L, 5L, 7L, 9L));
        assertThat(stores.dialogs().hidden(1, 77, 5, 7)).isEqualTo(Set.of(5L, 7L));
        assertThat(stores.dialogs().hidden(1, 77, 2, 4)).isEmpty();
        assertThat(stores.dialogs().hidden(1, 78, 0, 100)).isEqualTo(Set.of(3L));
        assertThat(stores.dialogs().hidden(2, 77, 0, 100)).isEqualTo(Set.of(2L));
        assertThat(stores.dialogs().hidden(3, 77, 0, 100)).isEmpty();
        assertThat(stores.dialogs().hidden(1, 77, 9, 1)).isEmpty();
    }

    // ---------------------------------------------------------------- feed

    @Test
    void feedAppendsOneEntryToEveryListedUser() {
        stores.feed().append(List.of(1L, 2L), 100, 77, 1);
        stores.feed().append(List.of(1L), 105, 78, 4);
        stores.feed().append(List.of(2L, 3L), 110, 77, 2);

        assertThat(stores.feed().since(1, 0, 10)).containsExactly(
                new FeedEntry(1, 100, 77, 1), new FeedEntry(1, 105, 78, 4));
        assertThat(stores.feed().since(2, 0, 10)).containsExactly(
                new FeedEntry(2, 100, 77, 1), new FeedEntry(2, 110, 77, 2));
        assertThat(stores.feed().since(3, 0, 10)).containsExactly(new FeedEntry(3, 110, 77, 2));
        assertThat(stores.feed().last(1)).isEqualTo(105);
        assertThat(stores.feed().last(2)).isEqualTo(110);
        assertThat(stores.feed().last(4)).isZero();
        assertThat(stores.feed().since(4, 0, 10)).isEmpty();
    }

    @Test
    void anAppendWritesItsFeedPointersWithTheEntryAndOnlyWhenItAppends() {
        var first = stores.log().append(77, new Change.Post(draft(1, "hi", 5)),
                new ChatLogStore.FeedPointers(List.of(1L, 2L), 100));
        long seq = ((AppendResult.Appended) first).entry().seq();
        assertThat(stores.feed().since(1, 0, 10)).containsExactly(new FeedEntry(1, 100, 77, seq));
        assertThat(stores.feed().since(2, 0, 10)).containsExactly(new FeedEntry(2, 100, 77, seq));

        var retried = stores.log().append(77, new Change.Post(draft(1, "hi", 5)),
                new ChatLogStore.FeedPointers(List.of(1L, 2L), 101));
        assertThat(retried).isInstanceOf(AppendResult.Duplicate.class);
        var missing = stores.log().append(77, new Change.Edit(999, "x", 1), new ChatLogStore.FeedPointers(List.of(3L), 102));
        assertThat(missing).isInstanceOf(AppendResult.NotFound.class);
        assertThat(stores.feed().last(1)).isEqualTo(100);
        assertThat(stores.feed().last(3)).isZero();

        stores.log().append(77, new Change.Post(draft(1, "no one told", 0)));
        assertThat(stores.feed().last(2)).isEqualTo(100);
    }

    @Test
    void feedIsPagedById() {
        for (long id = 10; id <= 50; id += 10) {
            stores.feed().append(List.of(1L), id, 77, id / 10);
        }
        assertThat(stores.feed().since(1, 0, 2)).extracting(FeedEntry::id).containsExactly(10L, 20L);
        assertThat(stores.feed().since(1, 20, 2)).extracting(FeedEntry::id).containsExactly(30L, 40L);
        assertThat(stores.feed().since(1, 35, 10)).extracting(FeedEntry::id).containsExactly(40L, 50L);
        assertThat(stores.feed().since(1, 50, 10)).isEmpty();
        assertThat(stores.feed().last(1)).isEqualTo(50);
    }

    // ---------------------------------------------------------------- contacts

    @Test
    void contactsAreKeptPerOwnerInUserIdOrder() {
        Contact bob = new Contact(1, 20, "+15550000020", "Bob", null);
        Contact amy = new Contact(1, 10, "+15550000010", "Amy", "A");
        stores.contacts().put(bob);
        stores.contacts().put(amy);
        stores.contacts().put(new Contact(2, 10, "+15550000010", "Amy", null));

        assertThat(stores.contacts().has(1, 10)).isTrue();
        assertThat(stores.contacts().has(1, 30)).isFalse();
        assertThat(stores.contacts().has(3, 10)).isFalse();
        assertThat(stores.contacts().list(1, 0, 100)).containsExactly(amy, bob);
        assertThat(stores.contacts().list(3, 0, 100)).isEmpty();

        Contact renamed = new Contact(1, 20, "+15550000020", "Robert", "B");
        stores.contacts().put(renamed);
        assertThat(stores.contacts().list(1, 0, 100)).containsExactly(amy, renamed);
    }

    @Test
    void contactsArePagedByUserId() {
        for (long user = 1; user <= 7; user++) {
            stores.contacts().put(new Contact(1, user * 10, "+155500000" + user, "C" + user, null));
        }
        stores.contacts().put(new Contact(2, 5, "+15550000099", "Other", null)); // another owner's

        assertThat(stores.contacts().list(1, 0, 3)).extracting(Contact::userId).containsExactly(10L, 20L, 30L);
        assertThat(stores.contacts().list(1, 30, 3)).extracting(Contact::userId).containsExactly(40L, 50L, 60L);
        assertThat(stores.contacts().list(1, 60, 3)).extracting(Contact::userId).containsExactly(70L);
        assertThat(stores.contacts().list(1, 35, 1)).extracting(Contact::userId).containsExactly(40L);
        assertThat(stores.contacts().list(1, 70, 3)).isEmpty();
        assertThat(stores.contacts().list(1, Long.MAX_VALUE, 3)).isEmpty();
        assertThat(stores.contacts().list(1, -5, 2)).extracting(Contact::userId).containsExactly(10L, 20L);
        assertThat(stores.contacts().list(1, 0, 0)).isEmpty();
    }

    // ---------------------------------------------------------------- concurrency

    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAppendsToOneChatGetExactlyTheSeqsOneToN() throws Exception {
        int threads = 8;
        int perThread = 200;
        List<List<Long>> acked = race(threads, () -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(appended(77, post(5, "x")).seq());
            }
            return mine;
        });

        List<Long> all = acked.stream().flatMap(List::stream).sorted().toList();
        List<Long> expected = LongStream.rangeClosed(1, threads * perThread).boxed().toList();
        assertThat(all).isEqualTo(expected);
        for (List<Long> mine : acked) {
            assertThat(mine).isSorted();
        }
        assertThat(stores.log().head(77)).isEqualTo(threads * perThread);
        assertThat(seqs(stores.log().read(77, 0, threads * perThread + 1))).isEqualTo(expected);
    }

    @Test
    void appendsTellWhenDurableOfEachEntryOnceInSeqOrder() throws Exception {
        List<LogEntry> told = Collections.synchronizedList(new ArrayList<>());
        List<List<LogEntry>> returned = race(8, () -> {
            List<LogEntry> mine = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                List<LogEntry> toldMe = new ArrayList<>();
                AppendResult result = stores.log().append(77, post(5, "x"), FeedPointers.NONE, entry -> {
                    toldMe.add(entry);
                    told.add(entry);
                });
                LogEntry entry = ((AppendResult.Appended) result).entry();
                assertThat(toldMe).as("told before the append returned").containsExactly(entry);
                mine.add(entry);
            }
            return mine;
        });

        // Told in the log's order, though eight threads appended and each returned in its own time.
        assertThat(seqs(told)).isEqualTo(LongStream.rangeClosed(1, 8 * 150).boxed().toList());
        assertThat(told).containsExactlyInAnyOrderElementsOf(returned.stream().flatMap(List::stream).toList());

        List<LogEntry> notAppended = new ArrayList<>();
        stores.log().append(77, post(5, "once", 4242), FeedPointers.NONE, notAppended::add);
        notAppended.clear();
        stores.log().append(77, post(5, "retry", 4242), FeedPointers.NONE, notAppended::add);
        stores.log().append(77, new Change.Edit(99_999, "nothing to edit", 1), FeedPointers.NONE, notAppended::add);
        assertThat(notAppended).as("duplicates and misses are not appended, so not told").isEmpty();
    }

    @Test
    void concurrentPostsEditsAndDeletesOfOneChatKeepItsLogConsistent() throws Exception {
        AtomicInteger roles = new AtomicInteger();
        race(8, () -> {
            int me = roles.getAndIncrement();
            Random random = new Random(me);
            for (int i = 0; i < 150; i++) {
                long head = stores.log().head(77);
                long target = 1 + random.nextInt((int) Math.max(1, head));
                switch (me % 4) {
                    case 0, 1 -> stores.log().append(77, post(me, "p" + i, me % 2 == 0 ? 0 : 1_000L * me + i + 1));
                    case 2 -> stores.log().append(77, new Change.Edit(target, "edit " + me + "/" + i, 1_700_000_100L));
                    default -> stores.log().append(77, new Change.Delete(List.of(target, target + 1)));
                }
            }
            return null;
        });

        // Replay the log: every edit and deletion must find its message posted and not yet deleted.
        long head = stores.log().head(77);
        List<LogEntry> log = stores.log().read(77, 0, (int) head + 1);
        assertThat(seqs(log)).isEqualTo(LongStream.rangeClosed(1, head).boxed().toList());
        Map<Long, String> live = new HashMap<>();
        Set<Long> deleted = new HashSet<>();
        for (LogEntry entry : log) {
            switch (entry) {
                case LogEntry.Posted p -> live.put(p.seq(), p.message().text());
                case LogEntry.Edited e -> {
                    assertThat(live).as("edit at %d", e.seq()).containsKey(e.message().id());
                    live.put(e.message().id(), e.message().text());
                }
                case LogEntry.Deleted d -> {
                    for (long id : d.messageIds()) {
                        assertThat(live).as("deletion at %d", d.seq()).containsKey(id);
                        live.remove(id);
                        deleted.add(id);
                    }
                }
            }
        }
        assertThat(live.size() + deleted.size()).isEqualTo(4 * 150);
        for (LogEntry entry : log) {
            if (entry instanceof LogEntry.Posted p) {
                Optional<Message> now = stores.log().message(77, p.seq());
                assertThat(now.map(Message::text)).as("message %d", p.seq()).isEqualTo(Optional.ofNullable(live.get(p.seq())));
            }
        }
    }

    @Test
    void concurrentRetriesOfOnePostAppendItOnce() throws Exception {
        List<AppendResult> results = race(8, () -> stores.log().append(77, post(5, "once", 31337)));

        long appended = results.stream().filter(r -> r instanceof AppendResult.Appended).count();
        assertThat(appended).isEqualTo(1);
        Set<Long> ids = new HashSet<>();
        for (AppendResult r : results) {
            ids.add(switch (r) {
                case AppendResult.Appended a -> ((LogEntry.Posted) a.entry()).message().id();
                case AppendResult.Duplicate d -> d.original().id();
                case AppendResult.NotFound n -> throw new AssertionError("not found");
            });
        }
        assertThat(ids).containsExactly(1L);
        assertThat(stores.log().head(77)).isEqualTo(1);
    }

    @Test
    void concurrentConditionalWritesHaveOneWinner() throws Exception {
        List<Account> created = race(8, () -> stores.accounts().createIfAbsent(
                account(Thread.currentThread().threadId(), "+15550000001")));
        assertThat(new HashSet<>(created)).hasSize(1);

        List<Boolean> claims = race(8, () -> stores.usernames().claim("hot",
                new UsernameOwner(Thread.currentThread().threadId(), UsernameOwner.Kind.USER)));
        assertThat(claims).containsOnlyOnce(true);

        List<Long> chats = race(8, () -> stores.chats().claimPrivateChat(1, 2, Thread.currentThread().threadId()));
        assertThat(new HashSet<>(chats)).hasSize(1);

        List<Boolean> adds = race(8, () -> stores.chats().addMember(member(50, 7)));
        assertThat(adds).containsOnlyOnce(true);
        assertThat(stores.chats().memberCount(50)).isEqualTo(1);
    }

    @Test
    void concurrentMemberChangesKeepAnExactCount() throws Exception {
        race(8, () -> {
            long base = Thread.currentThread().threadId() * 1_000;
            for (long u = 1; u <= 50; u++) {
                assertThat(stores.chats().addMember(member(50, base + u))).isTrue();
            }
            for (long u = 1; u <= 20; u++) {
                assertThat(stores.chats().removeMember(50, base + u)).isTrue();
            }
            return null;
        });
        assertThat(stores.chats().memberCount(50)).isEqualTo(8 * 30);
        assertThat(stores.chats().members(50, 0, 1_000)).hasSize(8 * 30);
    }

    @Test
    void concurrentGuessesUseEachLoginCodeStateOnce() throws Exception {
        LoginCode initial = code("+15550000001", 100);
        stores.loginCodes().put(initial);
        List<Integer> wins = race(8, () -> {
            int won = 0;
            while (true) {
                LoginCode seen = stores.loginCodes().get("+15550000001").orElseThrow();
                if (seen.attemptsLeft() == 0) {
                    return won;
                }
                if (stores.loginCodes().replace(seen, seen.withAttemptsLeft(seen.attemptsLeft() - 1))) {
                    won++;
                }
            }
        });
        assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    }

    @Test
    void dialogsNeverMoveBackUnderConcurrentReads() throws Exception {
        race(8, () -> {
            for (long id = 1; id <= 100; id++) {
                stores.dialogs().raiseRead(1, 77, id, 101 - id);
            }
            return null;
        });
        assertThat(stores.dialogs().get(1, 77)).contains(new Dialog(1, 77, 100, 100, false, false));
    }

    // ---------------------------------------------------------------- persistence

    @Test
    void everythingSurvivesAReopen() {
        Account a = stores.accounts().createIfAbsent(account(1, "+15550000001"));
        UsernameOwner owner = new UsernameOwner(1, UsernameOwner.Kind.USER);
        stores.usernames().claim("Alice", owner);
        LoginCode loginCode = code("+15550000002", 3);
        stores.loginCodes().put(loginCode);
        Session s = session(1, 1, "tok1");
        stores.sessions().create(s);
        Chat group = chat(50, ChatType.GROUP);
        stores.chats().create(group);
        stores.chats().addMember(member(50, 1));
        stores.chats().addMember(member(50, 2));
        stores.chats().claimPrivateChat(1, 2, 60);
        UserChat uc = new UserChat(50, ChatType.GROUP, 1);
        stores.memberships().add(1, uc);
        Message m1 = posted(50, post(1, "one", 11));
        posted(50, post(2, "two"));
        appended(50, new Change.Edit(2, "two!", 5));
        appended(50, new Change.Delete(List.of(1L)));
        stores.dialogs().raiseRead(1, 50, 2L, 1L);
        stores.dialogs().setFlags(1, 50, true, false);
        stores.dialogs().hide(1, 50, List.of(2L));
        stores.feed().append(List.of(1L, 2L), 1_000, 50, 4);
        Contact contact = new Contact(1, 2, "+15550000003", "Bob", null);
        stores.contacts().put(contact);
        List<LogEntry> log = stores.log().read(50, 0, 100);
        stores.accounts().setLastSeen(1, 1_795_000_000L);

        stores = reopen(stores);

        assertThat(stores.accounts().get(1)).contains(a);
        assertThat(stores.accounts().lastSeen(List.of(1L))).isEqualTo(Map.of(1L, 1_795_000_000L));
        assertThat(stores.accounts().byPhone("+15550000001")).contains(a);
        assertThat(stores.accounts().createIfAbsent(account(9, "+15550000001"))).isEqualTo(a);
        assertThat(stores.usernames().resolve("alice")).contains(owner);
        assertThat(stores.loginCodes().get("+15550000002")).contains(loginCode);
        assertThat(stores.sessions().byTokenHash("tok1")).contains(s);
        assertThat(stores.sessions().byUser(1)).containsExactly(s);
        assertThat(stores.chats().get(50)).contains(group);
        assertThat(stores.chats().memberCount(50)).isEqualTo(2);
        assertThat(stores.chats().members(50, 0, 10)).extracting(Member::userId).containsExactly(1L, 2L);
        assertThat(stores.chats().privateChat(2, 1)).contains(60L);
        assertThat(stores.memberships().chats(1)).containsExactly(uc);
        assertThat(stores.log().read(50, 0, 100)).isEqualTo(log);
        assertThat(stores.log().head(50)).isEqualTo(4);
        assertThat(stores.log().append(50, post(1, "one", 11))).isEqualTo(new AppendResult.Duplicate(m1));
        assertThat(ids(stores.log().history(50, Long.MAX_VALUE, 10))).containsExactly(2L);
        assertThat(stores.dialogs().get(1, 50)).contains(new Dialog(1, 50, 2, 1, true, false));
        assertThat(stores.dialogs().hidden(1, 50, 0, 10)).isEqualTo(Set.of(2L));
        assertThat(stores.feed().since(2, 0, 10)).containsExactly(new FeedEntry(2, 1_000, 50, 4));
        assertThat(stores.contacts().list(1, 0, 100)).containsExactly(contact);

        // The log continues where it stopped: no gap, no reused seq.
        assertThat(appended(50, post(1, "after restart")).seq()).isEqualTo(5);
        assertThat(seqs(stores.log().read(50, 0, 100))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
}

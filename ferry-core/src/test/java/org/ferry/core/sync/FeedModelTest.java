package org.ferry.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ferry.core.testkit.CoreKit;
import org.ferry.core.testkit.KitTest;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.junit.jupiter.api.Test;

/**
 * Catching up as a client does after being offline (protocol §7): random group creations, additions,
 * removals, leaves and messages among four people, joins, posts and leaves in a channel and a supergroup, and
 * now and then one of them reads the feed from their token, the heads of their large chats, and the
 * difference of every chat either names. After such a sync a person must be at the head of every chat they are
 * a member of, and the feed must never have named a chat they never belonged to. The RocksDB module runs the
 * same steps against its store.
 */
public class FeedModelTest extends KitTest {
    private static final int STEPS = 500;

    /** What one person's client knows. */
    private static final class Client {
        final CoreKit.Device device;
        long token;
        final Map<Long, Long> local = new HashMap<>();

        Client(CoreKit.Device device) {
            this.device = device;
        }
    }

    private final Random random = new Random(1130);
    private final List<Long> groups = new ArrayList<>();
    private final List<Long> privates = new ArrayList<>();
    private final List<Long> large = new ArrayList<>();
    private final Map<Long, Set<Long>> members = new HashMap<>();
    private final Map<Long, Set<Long>> everMembers = new HashMap<>();
    private final Map<Long, Long> creators = new HashMap<>();

    @Test
    public void aClientThatSyncsIsAtTheHeadOfEveryChatItIsIn() {
        List<Client> people = new ArrayList<>();
        for (String name : List.of("Ada", "Bob", "Cy", "Dee")) {
            Client c = new Client(kit.signUp(name));
            c.token = c.device.call("updates.getState").get("feed").asLong();
            people.add(c);
        }
        CoreKit.Device owner = people.getFirst().device;
        for (Map<String, Object> params : List.<Map<String, Object>>of(
                Map.of("title", "News", "username", "feed_model_news"),
                Map.of("title", "Talk", "username", "feed_model_talk", "megagroup", true))) {
            long chat = owner.call("chats.createChannel", params).get("id").asLong();
            large.add(chat);
            creators.put(chat, owner.userId());
            members.put(chat, new HashSet<>(Set.of(owner.userId())));
            everMembers.put(chat, new HashSet<>(members.get(chat)));
        }
        int syncs = 0;
        for (int step = 0; step < STEPS; step++) {
            kit.clock.advance(Duration.ofMillis(300));
            Client who = people.get(random.nextInt(people.size()));
            String did = act(who, people);
            if (did.startsWith("sync")) {
                syncs++;
                check(who, "step " + step + " (" + did + ")");
            }
        }
        for (Client c : people) {
            sync(c);
            check(c, "the end");
        }
        assertThat(syncs).isGreaterThan(50);
    }

    private String act(Client who, List<Client> people) {
        long me = who.device.userId();
        if (random.nextInt(5) == 0) {
            return actInLargeChat(who);
        }
        List<Long> mine = new ArrayList<>(groups.stream().filter(g -> members.get(g).contains(me)).toList());
        int kind = random.nextInt(12);
        if (kind == 0 || (mine.isEmpty() && kind < 6)) {
            List<Long> others = pickOthers(people, me);
            long chat = who.device.call("chats.createGroup", Map.of("title", "g", "userIds", others))
                    .get("id").asLong();
            groups.add(chat);
            creators.put(chat, me);
            members.put(chat, new HashSet<>(others));
            members.get(chat).add(me);
            everMembers.put(chat, new HashSet<>(members.get(chat)));
            return "create " + chat + " with " + others;
        }
        if (kind < 6) {
            long chat = mine.get(random.nextInt(mine.size()));
            who.device.call("messages.send", Map.of("chatId", chat, "text", "hi"));
            return "send to " + chat;
        }
        if (kind == 6) {
            Client other = people.get(random.nextInt(people.size()));
            if (other.device.userId() != me) {
                long chat = who.device.call("chats.openPrivate", Map.of("userId", other.device.userId()))
                        .get("id").asLong();
                who.device.call("messages.send", Map.of("chatId", chat, "text", "psst"));
                if (!privates.contains(chat)) {
                    privates.add(chat);
                    members.put(chat, Set.of(me, other.device.userId()));
                    everMembers.put(chat, members.get(chat));
                }
                return "private to " + other.device.userId();
            }
        }
        if (kind == 7 && !mine.isEmpty()) {
            long chat = mine.get(random.nextInt(mine.size()));
            List<Long> outside = people.stream().map(c -> c.device.userId())
                    .filter(u -> !members.get(chat).contains(u)).toList();
            if (!outside.isEmpty()) {
                long added = outside.get(random.nextInt(outside.size()));
                who.device.call("chats.addMembers", Map.of("chatId", chat, "userIds", List.of(added)));
                members.get(chat).add(added);
                everMembers.get(chat).add(added);
                return "add " + added + " to " + chat;
            }
        }
        if (kind == 8) {
            List<Long> created = mine.stream()
                    .filter(g -> creators.getOrDefault(g, 0L) == me && members.get(g).size() > 1).toList();
            if (!created.isEmpty()) {
                long chat = created.get(random.nextInt(created.size()));
                List<Long> others = members.get(chat).stream().filter(u -> u != me).toList();
                long removed = others.get(random.nextInt(others.size()));
                who.device.call("chats.removeMember", Map.of("chatId", chat, "userId", removed));
                members.get(chat).remove(removed);
                return "remove " + removed + " from " + chat;
            }
        }
        if (kind == 9 && !mine.isEmpty()) {
            long chat = mine.get(random.nextInt(mine.size()));
            who.device.call("chats.leave", Map.of("chatId", chat));
            members.get(chat).remove(me);
            creators.remove(chat, me); // the chat has no creator from now on, even if they are added again
            return "leave " + chat;
        }
        sync(who);
        return "sync";
    }

    /** Supergroups and channels: join, post (anyone in the supergroup, the owner in the channel), or leave. */
    private String actInLargeChat(Client who) {
        long me = who.device.userId();
        long chat = large.get(random.nextInt(large.size()));
        if (!members.get(chat).contains(me)) {
            who.device.call("chats.join", Map.of("chatId", chat));
            members.get(chat).add(me);
            everMembers.get(chat).add(me);
            return "join " + chat;
        }
        boolean owner = creators.getOrDefault(chat, 0L) == me;
        if (owner || random.nextInt(3) > 0) {
            if (owner || chat == large.get(1)) {
                who.device.call("messages.send", Map.of("chatId", chat, "text", "to many"));
                return "post in " + chat;
            }
            return "nothing in " + chat;
        }
        who.device.call("chats.leave", Map.of("chatId", chat));
        members.get(chat).remove(me);
        return "leave " + chat;
    }

    private List<Long> pickOthers(List<Client> people, long me) {
        List<Long> out = new ArrayList<>();
        for (Client c : people) {
            if (c.device.userId() != me && random.nextBoolean()) {
                out.add(c.device.userId());
            }
        }
        return out;
    }

    /** Feed from the token, then each named chat's difference from what the client has. */
    private void sync(Client c) {
        kit.clock.advance(Duration.ofSeconds(3)); // past the feed's settle window, so the token passes everything
        long me = c.device.userId();
        while (true) {
            JsonNode page = c.device.call("updates.getFeed", Map.of("after", c.token, "limit", 7));
            for (JsonNode e : page.get("entries")) {
                long chat = e.get("chatId").asLong();
                assertThat(everMembers.getOrDefault(chat, Set.of())).as("the feed of " + me + " names " + chat)
                        .contains(me);
                if (e.get("seq").asLong() > c.local.getOrDefault(chat, 0L)) {
                    catchUp(c, chat);
                }
            }
            c.token = page.get("token").asLong();
            if (!page.get("more").asBoolean()) {
                break;
            }
        }
        // Large chats write no feed pointers: their heads say where they are.
        c.device.call("updates.getHeads").fields().forEachRemaining(head -> {
            long chat = Long.parseLong(head.getKey());
            assertThat(large).as("getHeads of " + me).contains(chat);
            if (head.getValue().asLong() > c.local.getOrDefault(chat, 0L)) {
                catchUp(c, chat);
            }
        });
    }

    private void catchUp(Client c, long chat) {
        long after = c.local.getOrDefault(chat, 0L);
        while (true) {
            JsonNode diff;
            try {
                diff = c.device.call("updates.getDifference", Map.of("chatId", chat, "afterSeq", after, "limit", 3));
            } catch (FerryException e) {
                assertThat(e.code()).as("difference of " + chat).isEqualTo(ErrorCode.CHANNEL_PRIVATE);
                assertThat(members.get(chat)).as("refused a member").doesNotContain(c.device.userId());
                c.local.remove(chat);
                return;
            }
            long seq = after;
            for (JsonNode u : diff.get("updates")) {
                assertThat(u.get("seq").asLong()).as("gapless difference of " + chat).isEqualTo(seq + 1);
                seq = u.get("seq").asLong();
            }
            after = diff.get("seq").asLong();
            c.local.put(chat, after);
            if (!diff.get("more").asBoolean()) {
                return;
            }
        }
    }

    private void check(Client c, String where) {
        long me = c.device.userId();
        for (Map.Entry<Long, Set<Long>> chat : members.entrySet()) {
            if (chat.getValue().contains(me)) {
                long head = c.device.call("chats.get", Map.of("chatId", chat.getKey())).get("seq").asLong();
                assertThat(c.local.getOrDefault(chat.getKey(), 0L)).as("user " + me + " in " + chat.getKey()
                        + " after " + where).isEqualTo(head);
            }
        }
    }
}

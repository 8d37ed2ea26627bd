package org.ferry.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ferry.core.testkit.CoreKit;
import org.ferry.core.testkit.KitTest;
import org.junit.jupiter.api.Test;

/**
 * Random sends, edits, deletions (for everyone and for me) and reads in one group, checked after every step
 * against a model of what each member must see: history, the dialog's top message and unread count, and the
 * replay of the chat's log by {@code getDifference} (current state only, gapless seqs). The RocksDB module runs
 * the same steps against its store, whose history overlays edit and deletion rows on the log.
 */
public class MessagingModelTest extends KitTest {
    private static final int STEPS = 400;

    /** One message as the model keeps it. */
    private static final class Msg {
        final long id;
        final long sender;
        final boolean service;
        String text;
        boolean edited;
        boolean deleted;

        Msg(long id, long sender, boolean service, String text) {
            this.id = id;
            this.sender = sender;
            this.service = service;
            this.text = text;
        }
    }

    /** One entry of the chat's log: a post or edit of a message, or a deletion of some. */
    private record Entry(long seq, String type, long messageId, List<Long> ids) {
    }

    private final Random random = new Random(20261130);
    private final Map<Long, Msg> messages = new LinkedHashMap<>();
    private final List<Entry> log = new ArrayList<>();
    private final Map<Long, Set<Long>> hidden = new LinkedHashMap<>();
    private final Map<Long, Long> readInbox = new LinkedHashMap<>();

    @Test
    public void everyMemberSeesWhatTheModelSays() {
        List<CoreKit.Device> members = List.of(kit.signUp("Ada"), kit.signUp("Bob"), kit.signUp("Cy"));
        CoreKit.Device ada = members.getFirst();
        long chat = ada.call("chats.createGroup", Map.of("title", "Model",
                "userIds", List.of(members.get(1).userId(), members.get(2).userId()))).get("id").asLong();
        JsonNode created = ada.call("messages.getHistory", Map.of("chatId", chat)).get("messages").get(0);
        post(new Msg(created.get("id").asLong(), ada.userId(), true, null));
        for (CoreKit.Device d : members) {
            hidden.put(d.userId(), new HashSet<>());
            readInbox.put(d.userId(), 0L);
        }

        for (int step = 0; step < STEPS; step++) {
            kit.clock.advance(Duration.ofSeconds(1));
            CoreKit.Device who = members.get(random.nextInt(members.size()));
            String did = act(who, ada.userId(), chat);
            for (CoreKit.Device d : members) {
                check(d, chat, "step " + step + " (" + did + "), seen by user " + d.userId());
            }
        }
    }

    private void post(Msg m) {
        messages.put(m.id, m);
        log.add(new Entry(m.id, "newMessage", m.id, null));
    }

    private long nextSeq() {
        return log.getLast().seq() + 1;
    }

    /** One random step by {@code who}; returns what it did. */
    private String act(CoreKit.Device who, long creator, long chat) {
        long me = who.userId();
        List<Msg> live = messages.values().stream().filter(m -> !m.deleted).toList();
        List<Msg> mineEditable = live.stream().filter(m -> m.sender == me && !m.service).toList();
        int kind = random.nextInt(10);
        if (kind < 4 || live.isEmpty()) {
            String text = "m" + nextSeq() + " from " + me;
            long id = who.call("messages.send", Map.of("chatId", chat, "text", text)).get("id").asLong();
            assertThat(id).as("a post's id is the next seq").isEqualTo(nextSeq());
            post(new Msg(id, me, false, text));
            return "send " + id;
        }
        if (kind < 6 && !mineEditable.isEmpty()) {
            Msg m = mineEditable.get(random.nextInt(mineEditable.size()));
            String text = m.text + "'";
            who.call("messages.edit", Map.of("chatId", chat, "id", m.id, "text", text));
            m.text = text;
            m.edited = true;
            log.add(new Entry(nextSeq(), "messageEdited", m.id, null));
            return "edit " + m.id;
        }
        if (kind < 7) {
            List<Msg> deletable = live.stream().filter(m -> me == creator || (m.sender == me && !m.service)).toList();
            if (!deletable.isEmpty()) {
                List<Long> ids = pick(deletable);
                who.call("messages.delete", Map.of("chatId", chat, "ids", ids, "forEveryone", true));
                ids.forEach(id -> messages.get(id).deleted = true);
                log.add(new Entry(nextSeq(), "messagesDeleted", 0, ids));
                return "delete for everyone " + ids;
            }
        }
        if (kind < 8) {
            List<Long> ids = pick(new ArrayList<>(messages.values()));
            who.call("messages.delete", Map.of("chatId", chat, "ids", ids));
            hidden.get(me).addAll(ids);
            return "delete for me " + ids;
        }
        long head = log.getLast().seq();
        long maxId = 1 + random.nextLong(head + 2);
        who.call("messages.readHistory", Map.of("chatId", chat, "maxId", maxId));
        readInbox.put(me, Math.max(readInbox.get(me), Math.min(maxId, head)));
        return "read up to " + maxId;
    }

    private List<Long> pick(List<Msg> from) {
        Set<Long> ids = new java.util.TreeSet<>();
        int n = 1 + random.nextInt(Math.min(3, from.size()));
        while (ids.size() < n) {
            ids.add(from.get(random.nextInt(from.size())).id);
        }
        return new ArrayList<>(ids);
    }

    private boolean visibleTo(Msg m, long user) {
        return !m.deleted && !hidden.get(user).contains(m.id);
    }

    private void check(CoreKit.Device d, long chat, String where) {
        long me = d.userId();
        List<Msg> visible = new ArrayList<>(messages.values().stream().filter(m -> visibleTo(m, me)).toList());
        java.util.Collections.reverse(visible);

        // A page is the newest 100 current messages less those hidden for the reader (so it may be shorter).
        List<Msg> current = new ArrayList<>(messages.values().stream().filter(m -> !m.deleted).toList());
        java.util.Collections.reverse(current);
        List<String> expectedHistory = current.stream().limit(100).filter(m -> visibleTo(m, me))
                .map(MessagingModelTest::describe).toList();
        List<String> history = new ArrayList<>();
        d.call("messages.getHistory", Map.of("chatId", chat, "limit", 100)).get("messages")
                .forEach(m -> history.add(describe(m)));
        assertThat(history).as("history, " + where).isEqualTo(expectedHistory);

        JsonNode dialog = d.call("messages.getDialog", Map.of("chatId", chat));
        String top = visible.isEmpty() ? null : describe(visible.getFirst());
        assertThat(dialog.has("topMessage") ? describe(dialog.get("topMessage")) : null).as("top, " + where)
                .isEqualTo(top);
        long unread = messages.values().stream().filter(m -> visibleTo(m, me) && !m.service && m.sender != me
                && m.id > readInbox.get(me)).count();
        assertThat(dialog.get("unreadCount").asLong()).as("unread, " + where).isEqualTo(unread);
        assertThat(dialog.get("readInboxMaxId").asLong()).as("read position, " + where).isEqualTo(readInbox.get(me));

        List<String> expectedReplay = new ArrayList<>();
        for (Entry e : log) {
            if (e.type().equals("messagesDeleted")) {
                expectedReplay.add(e.seq() + " deleted " + e.ids());
            } else if (visibleTo(messages.get(e.messageId()), me)) {
                expectedReplay.add(e.seq() + " " + e.type() + " " + describe(messages.get(e.messageId())));
            }
        }
        List<String> replay = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode diff = d.call("updates.getDifference", Map.of("chatId", chat, "afterSeq", after, "limit", 500));
            for (JsonNode u : diff.get("updates")) {
                String type = u.get("type").asText();
                replay.add(u.get("seq").asLong() + " " + (type.equals("messagesDeleted")
                        ? "deleted " + u.get("ids").toString().replace(",", ", ")
                        : type + " " + describe(u.get("message"))));
            }
            after = diff.get("seq").asLong();
            if (!diff.get("more").asBoolean()) {
                break;
            }
        }
        assertThat(replay).as("difference, " + where).isEqualTo(expectedReplay);
        assertThat(after).as("difference's seq, " + where).isEqualTo(log.getLast().seq());
    }

    private static String describe(Msg m) {
        return m.id + ":" + m.sender + ":" + (m.service ? "service" : m.text) + (m.edited ? " (edited)" : "");
    }

    private static String describe(JsonNode m) {
        return m.get("id").asLong() + ":" + m.get("senderId").asLong() + ":"
                + (m.has("action") ? "service" : m.get("text").asText()) + (m.has("editDate") ? " (edited)" : "");
    }
}

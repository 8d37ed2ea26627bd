package org.ferry.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ferry.core.testkit.CoreKit;
import org.ferry.core.testkit.KitTest;
import org.ferry.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

/** The chat list: its order, its pages and their offsets, and what a page costs to look at. */
class DialogsTest extends KitTest {
    private static List<Long> ids(JsonNode dialogs) {
        List<Long> out = new ArrayList<>();
        dialogs.forEach(d -> out.add(d.get("chat").get("id").asLong()));
        return out;
    }

    private long group(CoreKit.Device owner, String title, CoreKit.Device... others) {
        List<Long> users = new ArrayList<>();
        for (CoreKit.Device d : others) {
            users.add(d.userId());
        }
        kit.clock.advance(Duration.ofSeconds(1));
        return id(owner.call("chats.createGroup", Map.of("title", title, "userIds", users)));
    }

    private void send(CoreKit.Device d, long chatId, String text) {
        kit.clock.advance(Duration.ofSeconds(1));
        d.call("messages.send", Map.of("chatId", chatId, "text", text));
    }

    /** Every page after the first starts after the last dialog of the page before, as a client would ask. */
    private List<Long> allPages(CoreKit.Device d, int limit, List<Integer> sizes) {
        List<Long> all = new ArrayList<>();
        Map<String, Object> params = new HashMap<>(Map.of("limit", limit));
        while (true) {
            JsonNode page = d.call("messages.getDialogs", params);
            sizes.add(page.size());
            all.addAll(ids(page));
            if (page.size() < limit) {
                return all;
            }
            JsonNode last = page.get(page.size() - 1);
            JsonNode top = last.get("topMessage");
            params.put("offsetPinned", last.get("pinned").asBoolean());
            params.put("offsetDate", top == null ? last.get("chat").get("date").asLong() : top.get("date").asLong());
            params.put("offsetChatId", last.get("chat").get("id").asLong());
        }
    }

    @Test
    void pinnedFirstThenNewestMessageFirstAndEmptyPrivateChatsLeftOut() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        CoreKit.Device cy = kit.signUp("Cy");
        long older = group(ada, "older", bob);
        long newer = group(ada, "newer", cy);
        long pinned = group(ada, "pinned", bob, cy);
        long privateEmpty = id(ada.call("chats.openPrivate", Map.of("userId", cy.userId())));
        long privateChat = id(ada.call("chats.openPrivate", Map.of("userId", bob.userId())));
        send(bob, privateChat, "hi");
        send(bob, older, "the older group's newest message"); // now newer than the private chat's
        ada.call("messages.setDialogFlags", Map.of("chatId", pinned, "pinned", true));

        JsonNode dialogs = ada.call("messages.getDialogs");

        assertThat(ids(dialogs)).containsExactly(pinned, older, privateChat, newer).doesNotContain(privateEmpty);
        assertThat(dialogs.get(1).get("topMessage").get("text").asText()).isEqualTo("the older group's newest message");
        assertThat(dialogs.get(1).get("unreadCount").asInt()).isEqualTo(1);
    }

    @Test
    void pagesFollowOneAnotherWithoutGapsOrRepeats() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        List<Long> chats = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            chats.add(group(ada, "g" + i, bob));
        }
        send(bob, chats.get(2), "bumps g2 to the top");
        ada.call("messages.setDialogFlags", Map.of("chatId", chats.get(5), "pinned", true));
        ada.call("messages.setDialogFlags", Map.of("chatId", chats.get(0), "pinned", true));
        List<Long> whole = ids(ada.call("messages.getDialogs"));

        List<Integer> sizes = new ArrayList<>();
        List<Long> paged = allPages(ada, 2, sizes);

        assertThat(whole).containsExactly(chats.get(5), chats.get(0), chats.get(2), chats.get(6), chats.get(4),
                chats.get(3), chats.get(1));
        assertThat(paged).isEqualTo(whole);
        assertThat(sizes).containsExactly(2, 2, 2, 1);
    }

    @Test
    void chatsWithTheSameDateAreOrderedByIdSoThatAnOffsetIsExact() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        List<Long> chats = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // the clock does not move: all five created in the same second
            chats.add(id(ada.call("chats.createGroup",
                    Map.of("title", "same" + i, "userIds", List.of(bob.userId())))));
        }

        List<Long> paged = allPages(ada, 2, new ArrayList<>());

        assertThat(paged).isEqualTo(chats.reversed());
    }

    @Test
    void aMessageDeletedForMeIsNotTheTopMessage() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        long chat = id(ada.call("chats.openPrivate", Map.of("userId", bob.userId())));
        send(bob, chat, "first");
        kit.clock.advance(Duration.ofSeconds(1));
        long second = bob.call("messages.send", Map.of("chatId", chat, "text", "second")).get("id").asLong();
        ada.call("messages.delete", Map.of("chatId", chat, "ids", List.of(second)));

        JsonNode dialog = ada.call("messages.getDialogs").get(0);

        assertThat(dialog.get("topMessage").get("text").asText()).isEqualTo("first");
        assertThat(bob.call("messages.getDialogs").get(0).get("topMessage").get("text").asText()).isEqualTo("second");
    }

    @Test
    void theLimitIsClampedToOneHundred() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        for (int i = 0; i < SyncService.DIALOGS_MAX + 5; i++) {
            group(ada, "g" + i, bob);
        }

        assertThat(ada.call("messages.getDialogs")).hasSize(SyncService.DIALOGS_MAX);
        assertThat(ada.call("messages.getDialogs", Map.of("limit", 1000))).hasSize(SyncService.DIALOGS_MAX);
        assertThat(ada.call("messages.getDialogs", Map.of("limit", 0))).hasSize(1);
        assertThat(allPages(ada, SyncService.DIALOGS_MAX, new ArrayList<>())).hasSize(SyncService.DIALOGS_MAX + 5);
    }

    @Test
    void anOffsetNeedsBothItsDateAndItsChat() {
        CoreKit.Device ada = kit.signUp("Ada");

        assertThat(ada.fails("messages.getDialogs", Map.of("offsetDate", 1_800_000_000L)))
                .isEqualTo(ErrorCode.PARAMS_INVALID);
        assertThat(ada.fails("messages.getDialogs", Map.of("offsetChatId", 42L)))
                .isEqualTo(ErrorCode.PARAMS_INVALID);
        assertThat(ada.call("messages.getDialogs", Map.of("offsetPinned", true, "offsetDate", 1_800_000_000L,
                "offsetChatId", 42L))).isEmpty();
    }
}

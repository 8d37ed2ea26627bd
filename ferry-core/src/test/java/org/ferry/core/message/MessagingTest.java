package org.ferry.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ferry.core.CoreConfig;
import org.ferry.core.model.ChatType;
import org.ferry.core.model.Member;
import org.ferry.core.model.Role;
import org.ferry.core.model.UserChat;
import org.ferry.core.testkit.CoreKit;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessagingTest {
    private final CoreKit kit = new CoreKit();

    @AfterEach
    void close() {
        kit.close();
    }

    private static long chatId(JsonNode chat) {
        return chat.get("id").asLong();
    }

    private static JsonNode send(CoreKit.Device d, long chatId, String text) {
        return d.call("messages.send", Map.of("chatId", chatId, "text", text));
    }

    @Test
    void privateChatPushesBothWaysAndToTheSendersOtherDevice() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        long chat = chatId(a.call("chats.openPrivate", Map.of("userId", b.userId())));
        assertThat(chatId(b.call("chats.openPrivate", Map.of("userId", a.userId())))).isEqualTo(chat);

        // Ada's second device.
        String phone = a.call("users.getSelf").get("phone").asText();
        CoreKit.Device a2 = kit.device();
        a2.call("auth.sendCode", Map.of("phone", phone));
        a2.call("auth.signIn", Map.of("phone", phone, "code", a.sink().updates(Update.LoginCode.class).getLast().code()));

        JsonNode m1 = send(a, chat, "hello Bob");
        assertThat(m1.get("id").asLong()).isEqualTo(1);
        var atB = b.sink().updates(Update.NewMessage.class);
        assertThat(atB).hasSize(1);
        assertThat(atB.getFirst().message().text()).isEqualTo("hello Bob");
        assertThat(atB.getFirst().seq()).isEqualTo(1);
        assertThat(a2.sink().updates(Update.NewMessage.class)).extracting(u -> u.message().text()).containsExactly("hello Bob");
        assertThat(a.sink().updates(Update.NewMessage.class)).isEmpty(); // the sender's own session has the result

        send(b, chat, "hi Ada");
        assertThat(a.sink().updates(Update.NewMessage.class)).extracting(u -> u.message().text()).containsExactly("hi Ada");

        JsonNode dialogs = b.call("messages.getDialogs");
        assertThat(dialogs).hasSize(1);
        assertThat(dialogs.get(0).get("chat").get("title").asText()).isEqualTo("Ada");
        assertThat(dialogs.get(0).get("unreadCount").asInt()).isEqualTo(1);
        assertThat(dialogs.get(0).get("topMessage").get("text").asText()).isEqualTo("hi Ada");
    }

    @Test
    void retriedSendWithTheSameRandomIdStoresOneMessage() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        long chat = chatId(a.call("chats.openPrivate", Map.of("userId", b.userId())));
        Map<String, Object> params = Map.of("chatId", chat, "text", "once", "randomId", 987654321L);
        JsonNode first = a.call("messages.send", params);
        JsonNode again = a.call("messages.send", params);
        assertThat(again.get("id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(a.call("messages.getHistory", Map.of("chatId", chat)).get("messages")).hasSize(1);
        assertThat(kit.stores.log().head(chat)).isEqualTo(1);
    }

    @Test
    void aFullGroupTakesNoMoreMembers() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        CoreKit.Device c = kit.signUp("Cy");
        long group = chatId(a.call("chats.createGroup", Map.of("title", "Full", "userIds", List.of(b.userId()))));
        for (long u = 1; kit.stores.chats().memberCount(group) < ChatType.GROUP.maxMembers(); u++) {
            kit.stores.chats().addMember(new Member(group, u, Role.MEMBER, 0, a.userId()));
        }

        assertThat(b.fails("chats.addMembers", Map.of("chatId", group, "userIds", List.of(c.userId()))))
                .isEqualTo(ErrorCode.USERS_TOO_MUCH);
        assertThat(kit.stores.chats().member(group, c.userId())).isEmpty();
        assertThat(kit.stores.chats().memberCount(group)).isEqualTo(ChatType.GROUP.maxMembers());
    }

    @Test
    void groupOfThreeWithAddRemoveAndRename() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        CoreKit.Device c = kit.signUp("Cy");
        long group = chatId(a.call("chats.createGroup", Map.of("title", "Trio", "userIds", List.of(b.userId()))));
        assertThat(b.sink().updates(Update.NewMessage.class).getFirst().message().action().type()).isEqualTo("created");
        assertThat(c.fails("messages.send", Map.of("chatId", group, "text", "let me in")))
                .isEqualTo(ErrorCode.CHAT_WRITE_FORBIDDEN);
        assertThat(c.fails("messages.getHistory", Map.of("chatId", group))).isEqualTo(ErrorCode.CHANNEL_PRIVATE);

        b.call("chats.addMembers", Map.of("chatId", group, "userIds", List.of(c.userId())));
        assertThat(c.sink().updates(Update.NewMessage.class).getLast().message().action().type()).isEqualTo("membersAdded");
        send(c, group, "hi all");
        assertThat(a.sink().updates(Update.NewMessage.class).getLast().message().text()).isEqualTo("hi all");
        assertThat(b.sink().updates(Update.NewMessage.class).getLast().message().text()).isEqualTo("hi all");

        assertThat(b.fails("chats.removeMember", Map.of("chatId", group, "userId", c.userId())))
                .isEqualTo(ErrorCode.CHAT_ADMIN_REQUIRED);
        a.call("chats.removeMember", Map.of("chatId", group, "userId", c.userId()));
        assertThat(c.sink().updates(Update.NewMessage.class).getLast().message().action().type()).isEqualTo("memberRemoved");
        assertThat(c.fails("messages.send", Map.of("chatId", group, "text", "still here?")))
                .isEqualTo(ErrorCode.CHAT_WRITE_FORBIDDEN);
        assertThat(a.call("chats.getMembers", Map.of("chatId", group))).hasSize(2);

        a.call("chats.setTitle", Map.of("chatId", group, "title", "Duo"));
        assertThat(b.sink().updates(Update.NewMessage.class).getLast().message().action().title()).isEqualTo("Duo");
        assertThat(b.call("chats.get", Map.of("chatId", group)).get("title").asText()).isEqualTo("Duo");

        // the log is gapless and every member's feed points at every change
        JsonNode diff = b.call("updates.getDifference", Map.of("chatId", group, "afterSeq", 0));
        List<Long> seqs = new ArrayList<>();
        diff.get("updates").forEach(u -> seqs.add(u.get("seq").asLong()));
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void channelSubscribersReadButCannotPost() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        JsonNode channel = a.call("chats.createChannel", Map.of("title", "News", "username", "ferry_news"));
        long chat = chatId(channel);
        assertThat(channel.get("type").asText()).isEqualTo("channel");
        JsonNode resolved = b.call("contacts.resolveUsername", Map.of("username", "ferry_news"));
        assertThat(resolved.get("chat").get("id").asLong()).isEqualTo(chat);
        b.call("chats.join", Map.of("username", "ferry_news"));
        send(a, chat, "first post");
        assertThat(b.sink().updates(Update.NewMessage.class)).extracting(u -> u.message().text()).containsExactly("first post");
        assertThat(b.fails("messages.send", Map.of("chatId", chat, "text", "me too"))).isEqualTo(ErrorCode.CHAT_WRITE_FORBIDDEN);
        assertThat(b.call("updates.getHeads").get(Long.toString(chat)).asLong()).isEqualTo(2);
        assertThat(kit.stores.feed().last(b.userId())).isZero(); // large chats write no feed pointers

        // a private channel cannot be joined or read by outsiders
        long secret = chatId(a.call("chats.createChannel", Map.of("title", "Secret")));
        assertThat(b.fails("chats.join", Map.of("chatId", secret))).isEqualTo(ErrorCode.CHANNEL_PRIVATE);
        assertThat(b.fails("messages.getHistory", Map.of("chatId", secret))).isEqualTo(ErrorCode.CHANNEL_PRIVATE);
    }

    @Test
    void editDeleteReplyAndForwardAreSeenByOthers() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        CoreKit.Device c = kit.signUp("Cy");
        long chat = chatId(a.call("chats.openPrivate", Map.of("userId", b.userId())));
        long other = chatId(b.call("chats.openPrivate", Map.of("userId", c.userId())));
        long id = send(a, chat, "helo").get("id").asLong();

        a.call("messages.edit", Map.of("chatId", chat, "id", id, "text", "hello"));
        var edited = b.sink().updates(Update.MessageEdited.class);
        assertThat(edited).hasSize(1);
        assertThat(edited.getFirst().message().text()).isEqualTo("hello");
        assertThat(edited.getFirst().message().editDate()).isNotNull();
        assertThat(b.fails("messages.edit", Map.of("chatId", chat, "id", id, "text", "mine now")))
                .isEqualTo(ErrorCode.MESSAGE_AUTHOR_REQUIRED);
        assertThat(a.fails("messages.edit", Map.of("chatId", chat, "id", id, "text", "hello")))
                .isEqualTo(ErrorCode.MESSAGE_NOT_MODIFIED);

        JsonNode reply = b.call("messages.send", Map.of("chatId", chat, "text", "hi!", "replyToId", id));
        assertThat(a.sink().updates(Update.NewMessage.class).getLast().message().replyToId()).isEqualTo(id);

        JsonNode fwd = b.call("messages.forward", Map.of("fromChatId", chat, "ids", List.of(id), "toChatId", other));
        assertThat(fwd.get(0).get("forwardFrom").get("senderId").asLong()).isEqualTo(a.userId());
        var atC = c.sink().updates(Update.NewMessage.class).getLast().message();
        assertThat(atC.text()).isEqualTo("hello");
        assertThat(atC.forwardFrom().chatId()).isEqualTo(chat);

        b.call("messages.delete", Map.of("chatId", chat, "ids", List.of(reply.get("id").asLong()), "forEveryone", true));
        assertThat(a.sink().updates(Update.MessagesDeleted.class).getFirst().ids()).containsExactly(reply.get("id").asLong());
        assertThat(a.call("messages.getHistory", Map.of("chatId", chat)).get("messages")).hasSize(1);

        b.call("messages.delete", Map.of("chatId", chat, "ids", List.of(id)));
        assertThat(b.call("messages.getHistory", Map.of("chatId", chat)).get("messages")).isEmpty();
        assertThat(a.call("messages.getHistory", Map.of("chatId", chat)).get("messages")).hasSize(1);

        kit.clock.advance(Duration.ofHours(49));
        assertThat(a.fails("messages.edit", Map.of("chatId", chat, "id", id, "text", "late")))
                .isEqualTo(ErrorCode.MESSAGE_EDIT_TIME_EXPIRED);
    }

    @Test
    void readReceiptsReachTheSender() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        long chat = chatId(a.call("chats.openPrivate", Map.of("userId", b.userId())));
        send(a, chat, "one");
        long last = send(a, chat, "two").get("id").asLong();
        assertThat(b.call("messages.getDialog", Map.of("chatId", chat)).get("unreadCount").asInt()).isEqualTo(2);
        assertThat(b.call("messages.readHistory", Map.of("chatId", chat, "maxId", last)).get("unreadCount").asInt()).isZero();
        assertThat(a.sink().updates(Update.ReadOutbox.class)).extracting(Update.ReadOutbox::maxId).containsExactly(last);
        assertThat(a.call("messages.getDialog", Map.of("chatId", chat)).get("readOutboxMaxId").asLong()).isEqualTo(last);
    }

    @Test
    void offlineUserCatchesUpByFeedAndDifference() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        long chat = chatId(a.call("chats.openPrivate", Map.of("userId", b.userId())));
        send(a, chat, "before");
        kit.clock.advance(Duration.ofSeconds(5));
        long token = b.call("updates.getState").get("feed").asLong();
        b.disconnect();
        for (int i = 0; i < 3; i++) {
            send(a, chat, "while away " + i);
        }
        long group = chatId(a.call("chats.createGroup", Map.of("title", "G", "userIds", List.of(b.userId()))));
        kit.clock.advance(Duration.ofSeconds(5));

        JsonNode feed = b.call("updates.getFeed", Map.of("after", token));
        List<Long> changed = new ArrayList<>();
        feed.get("entries").forEach(e -> changed.add(e.get("chatId").asLong()));
        assertThat(changed).contains(chat, group);
        JsonNode diff = b.call("updates.getDifference", Map.of("chatId", chat, "afterSeq", 1));
        List<String> texts = new ArrayList<>();
        diff.get("updates").forEach(u -> texts.add(u.get("message").get("text").asText()));
        assertThat(texts).containsExactly("while away 0", "while away 1", "while away 2");
        assertThat(diff.get("seq").asLong()).isEqualTo(4);
        assertThat(diff.get("more").asBoolean()).isFalse();

        for (int i = 0; i < 1001; i++) {
            send(a, chat, "flood " + i);
        }
        assertThat(b.call("updates.getDifference", Map.of("chatId", chat, "afterSeq", 4)).get("tooLong").asBoolean()).isTrue();
    }

    @Test
    void savedMessagesIsAPrivateChatWithOneself() {
        CoreKit.Device a = kit.signUp("Ada");
        JsonNode saved = a.call("chats.openPrivate", Map.of("userId", a.userId()));
        assertThat(saved.get("peerId").asLong()).isEqualTo(a.userId());
        send(a, chatId(saved), "note to self");
        assertThat(a.call("messages.getDialogs")).hasSize(1);
    }

    @Test
    void differenceNamesEachUpdateAndNeverHandsOutDeletedOrEditedAwayText() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        long chat = chatId(a.call("chats.openPrivate", Map.of("userId", b.userId())));
        long secret = send(a, chat, "secret").get("id").asLong();
        long typo = send(a, chat, "tpyo").get("id").asLong();
        a.call("messages.edit", Map.of("chatId", chat, "id", typo, "text", "typo"));
        a.call("messages.delete", Map.of("chatId", chat, "ids", List.of(secret), "forEveryone", true));
        JsonNode diff = b.call("updates.getDifference", Map.of("chatId", chat, "afterSeq", 0));
        assertThat(diff.toString()).doesNotContain("secret").doesNotContain("tpyo");
        List<String> types = new ArrayList<>();
        diff.get("updates").forEach(u -> types.add(u.get("type").asText()));
        assertThat(types).containsExactly("newMessage", "messageEdited", "messagesDeleted");
        assertThat(diff.get("seq").asLong()).isEqualTo(4);
        // the author's own session hears of its edit and delete too, so its log stays gapless
        assertThat(a.sink().updates(Update.MessageEdited.class)).hasSize(1);
        assertThat(a.sink().updates(Update.MessagesDeleted.class)).hasSize(1);
    }

    @Test
    void joiningTwiceIsRefused() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        long chat = chatId(a.call("chats.createChannel", Map.of("title", "News", "username", "twice_news")));
        b.call("chats.join", Map.of("chatId", chat));
        assertThat(b.fails("chats.join", Map.of("chatId", chat))).isEqualTo(ErrorCode.USER_ALREADY_PARTICIPANT);
    }

    @Test
    void messageValidation() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        long chat = chatId(a.call("chats.openPrivate", Map.of("userId", b.userId())));
        assertThat(a.fails("messages.send", Map.of("chatId", chat, "text", "  "))).isEqualTo(ErrorCode.MESSAGE_EMPTY);
        assertThat(a.fails("messages.send", Map.of("chatId", chat, "text", "x".repeat(4097)))).isEqualTo(ErrorCode.MESSAGE_TOO_LONG);
        send(a, chat, "x".repeat(4096));
        assertThat(a.fails("messages.send", Map.of("chatId", 12345, "text", "hi"))).isEqualTo(ErrorCode.PEER_ID_INVALID);
        assertThat(a.fails("messages.send", Map.of("chatId", chat, "text", "hi", "replyToId", 99)))
                .isEqualTo(ErrorCode.MESSAGE_ID_INVALID);
        assertThat(a.fails("messages.frobnicate", Map.of())).isEqualTo(ErrorCode.METHOD_INVALID);
        assertThat(a.fails("messages.send", Map.of("chatId", "abc", "text", "hi"))).isEqualTo(ErrorCode.PARAMS_INVALID);
    }

    @Test
    void typingIsThrottledAndPresenceIsPushed() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        long chat = chatId(a.call("chats.openPrivate", Map.of("userId", b.userId())));
        a.call("messages.setTyping", Map.of("chatId", chat));
        a.call("messages.setTyping", Map.of("chatId", chat));
        assertThat(b.sink().updates(Update.Typing.class)).hasSize(1);
        kit.clock.advance(Duration.ofSeconds(4));
        a.call("messages.setTyping", Map.of("chatId", chat));
        assertThat(b.sink().updates(Update.Typing.class)).hasSize(2);

        a.disconnect();
        var status = b.sink().updates(Update.UserStatus.class);
        assertThat(status.getLast().online()).isFalse();
        assertThat(status.getLast().lastSeen()).isNotNull();
        JsonNode seen = b.call("users.get", Map.of("ids", List.of(a.userId())));
        assertThat(seen.get(0).get("status").get("online").asBoolean()).isFalse();
        assertThat(seen.get(0).get("status").get("lastSeen").asLong()).isEqualTo(status.getLast().lastSeen());
    }

    @Test
    void presenceFindsPrivatePeersFromTheUsersOwnRowsAndFromRowsWrittenBeforePeerIds() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        CoreKit.Device c = kit.signUp("Cy");
        a.call("chats.openPrivate", Map.of("userId", b.userId()));
        long withCy = chatId(c.call("chats.openPrivate", Map.of("userId", a.userId())));
        assertThat(kit.stores.memberships().chats(a.userId())).extracting(UserChat::peerId)
                .containsExactlyInAnyOrder(b.userId(), c.userId());
        // Ada's row of the chat with Cy as a node before this change wrote it: no peer.
        kit.stores.memberships().add(a.userId(), new UserChat(withCy, ChatType.PRIVATE, 1));
        b.sink().clear();
        c.sink().clear();

        a.disconnect();

        for (CoreKit.Device peer : List.of(b, c)) {
            assertThat(peer.sink().updates(Update.UserStatus.class)).extracting(Update.UserStatus::online)
                    .containsExactly(false);
        }
    }

    @Test
    void lastSeenOutlivesARestartOfTheNode() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        String bobsPhone = b.call("users.getSelf").get("phone").asText();
        kit.clock.advance(Duration.ofMinutes(3));
        a.disconnect();
        long lastSeen = kit.clock.millis() / 1000;
        kit.core.close(); // the node stops; its stores stay

        try (CoreKit restarted = new CoreKit(kit.stores, CoreConfig.defaults().withLimits(
                CoreConfig.RateLimits.unlimited()))) {
            CoreKit.Device bobAgain = restarted.device();
            bobAgain.call("auth.sendCode", Map.of("phone", bobsPhone));
            bobAgain.call("auth.signIn", Map.of("phone", bobsPhone, "code", restarted.codeFor(bobsPhone)));
            JsonNode ada = bobAgain.call("users.get", Map.of("ids", List.of(a.userId()))).get(0);
            assertThat(ada.get("status").get("online").asBoolean()).isFalse();
            assertThat(ada.get("status").get("lastSeen").asLong()).isEqualTo(lastSeen);
        }
    }
}

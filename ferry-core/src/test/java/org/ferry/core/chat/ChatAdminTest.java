package org.ferry.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.ferry.core.testkit.CoreKit;
import org.ferry.core.testkit.KitTest;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.Test;

/** Admins and public usernames of chats, and who is told when they change. */
class ChatAdminTest extends KitTest {
    private CoreKit.Device secondDevice(CoreKit.Device first) {
        String phone = first.call("users.getSelf").get("phone").asText();
        CoreKit.Device second = kit.device();
        second.call("auth.sendCode", Map.of("phone", phone));
        second.call("auth.signIn", Map.of("phone", phone,
                "code", first.sink().updates(Update.LoginCode.class).getLast().code()));
        return second;
    }

    private static void clearAll(CoreKit.Device... devices) {
        for (CoreKit.Device d : devices) {
            d.sink().clear();
        }
    }

    @Test
    void theCreatorMakesAMemberAnAdminAndBackAndTheyAreTold() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device adaPhone = secondDevice(ada);
        CoreKit.Device bob = kit.signUp("Bob");
        CoreKit.Device cy = kit.signUp("Cy");
        long chat = id(ada.call("chats.createGroup", Map.of("title", "Trip",
                "userIds", List.of(bob.userId(), cy.userId()))));
        clearAll(ada, adaPhone, bob, cy);

        ada.call("chats.setAdmin", Map.of("chatId", chat, "userId", bob.userId(), "admin", true));

        assertThat(bob.call("chats.get", Map.of("chatId", chat)).get("role").asText()).isEqualTo("admin");
        Update.RoleChanged told = new Update.RoleChanged(chat, bob.userId(), "admin");
        assertThat(bob.sink().updates(Update.RoleChanged.class)).containsExactly(told);
        assertThat(adaPhone.sink().updates(Update.RoleChanged.class)).containsExactly(told);
        assertThat(ada.sink().updates(Update.RoleChanged.class)).isEmpty(); // the caller has its result
        assertThat(cy.sink().updates(Update.RoleChanged.class)).isEmpty();

        // The same role again changes nothing and tells no one.
        ada.call("chats.setAdmin", Map.of("chatId", chat, "userId", bob.userId(), "admin", true));
        assertThat(bob.sink().updates(Update.RoleChanged.class)).hasSize(1);

        ada.call("chats.setAdmin", Map.of("chatId", chat, "userId", bob.userId(), "admin", false));
        assertThat(bob.call("chats.get", Map.of("chatId", chat)).get("role").asText()).isEqualTo("member");
        assertThat(bob.sink().updates(Update.RoleChanged.class)).last()
                .isEqualTo(new Update.RoleChanged(chat, bob.userId(), "member"));
    }

    @Test
    void onlyTheCreatorAppointsAdminsAndTheCreatorStaysCreator() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        CoreKit.Device stranger = kit.signUp("Stranger");
        long chat = id(ada.call("chats.createGroup", Map.of("title", "Trip",
                "userIds", List.of(bob.userId()))));
        ada.call("chats.setAdmin", Map.of("chatId", chat, "userId", bob.userId(), "admin", true));
        clearAll(ada, bob);

        assertThat(bob.fails("chats.setAdmin", Map.of("chatId", chat, "userId", ada.userId(), "admin", false)))
                .isEqualTo(ErrorCode.CHAT_ADMIN_REQUIRED);
        assertThat(ada.fails("chats.setAdmin", Map.of("chatId", chat, "userId", stranger.userId(), "admin", true)))
                .isEqualTo(ErrorCode.USER_NOT_PARTICIPANT);
        assertThat(stranger.fails("chats.setAdmin", Map.of("chatId", chat, "userId", bob.userId(), "admin", false)))
                .isEqualTo(ErrorCode.CHANNEL_PRIVATE);
        ada.call("chats.setAdmin", Map.of("chatId", chat, "userId", ada.userId(), "admin", false));

        assertThat(ada.call("chats.get", Map.of("chatId", chat)).get("role").asText()).isEqualTo("creator");
        assertThat(bob.sink().updates(Update.RoleChanged.class)).isEmpty();
    }

    @Test
    void aSubscriberMadeAnAdminMayPostInTheChannel() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        long channel = id(ada.call("chats.createChannel", Map.of("title", "News", "username", "admin_news")));
        bob.call("chats.join", Map.of("username", "admin_news"));
        Map<String, Object> post = Map.of("chatId", channel, "text", "from Bob");
        assertThat(bob.fails("messages.send", post)).isEqualTo(ErrorCode.CHAT_WRITE_FORBIDDEN);

        ada.call("chats.setAdmin", Map.of("chatId", channel, "userId", bob.userId(), "admin", true));

        assertThat(bob.sink().updates(Update.RoleChanged.class))
                .containsExactly(new Update.RoleChanged(channel, bob.userId(), "admin"));
        assertThat(bob.call("messages.send", post).get("text").asText()).isEqualTo("from Bob");
    }

    @Test
    void aUsernameChangeReachesTheLiveMembersAndFreesTheOldName() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        CoreKit.Device cy = kit.signUp("Cy");
        long channel = id(ada.call("chats.createChannel", Map.of("title", "News", "username", "old_news")));
        bob.call("chats.join", Map.of("username", "old_news"));
        clearAll(ada, bob);

        JsonNode view = ada.call("chats.setUsername", Map.of("chatId", channel, "username", "new_news"));

        assertThat(view.get("username").asText()).isEqualTo("new_news");
        assertThat(bob.sink().updates(Update.ChatUsernameChanged.class))
                .containsExactly(new Update.ChatUsernameChanged(channel, "new_news"));
        assertThat(ada.sink().updates(Update.ChatUsernameChanged.class)).isEmpty(); // the caller has its result
        assertThat(cy.fails("contacts.resolveUsername", Map.of("username", "old_news")))
                .isEqualTo(ErrorCode.USERNAME_NOT_OCCUPIED);
        assertThat(cy.call("chats.createChannel", Map.of("title", "Mine", "username", "old_news"))
                .get("username").asText()).isEqualTo("old_news");

        ada.call("chats.setUsername", Map.of("chatId", channel, "username", "new_news")); // unchanged: no push
        ada.call("chats.setUsername", Map.of("chatId", channel)); // private again
        assertThat(bob.sink().updates(Update.ChatUsernameChanged.class))
                .containsExactly(new Update.ChatUsernameChanged(channel, "new_news"),
                        new Update.ChatUsernameChanged(channel, null));
        assertThat(bob.fails("messages.send", Map.of("chatId", channel, "text", "x")))
                .isEqualTo(ErrorCode.CHAT_WRITE_FORBIDDEN);
        assertThat(bob.call("chats.get", Map.of("chatId", channel)).has("username")).isFalse();
    }
}

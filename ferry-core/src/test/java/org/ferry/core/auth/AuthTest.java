package org.ferry.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.ferry.core.testkit.CoreKit;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthTest {
    private final CoreKit kit = new CoreKit();

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void signUpThenSignInOnASecondDeviceGetsTheCodeInApp() {
        CoreKit.Device first = kit.device();
        String phone = "+49 151 1234 5678";
        JsonNode sent = first.call("auth.sendCode", Map.of("phone", phone));
        assertThat(sent.get("phone").asText()).isEqualTo("+4915112345678");
        assertThat(sent.get("delivery").asText()).isEqualTo("sms");
        String code = kit.codeFor("+4915112345678");
        assertThat(code).matches("\\d{6}");
        assertThat(first.call("auth.signIn", Map.of("phone", phone, "code", code)).get("status").asText())
                .isEqualTo("signUpRequired");
        JsonNode up = first.call("auth.signUp", Map.of("phone", phone, "code", code, "firstName", "Ada"));
        assertThat(up.get("token").asText()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(up.get("user").get("firstName").asText()).isEqualTo("Ada");

        CoreKit.Device second = kit.device();
        assertThat(second.call("auth.sendCode", Map.of("phone", "+4915112345678")).get("delivery").asText())
                .isEqualTo("app");
        var pushed = first.sink().updates(Update.LoginCode.class);
        assertThat(pushed).hasSize(1);
        JsonNode in = second.call("auth.signIn", Map.of("phone", phone, "code", pushed.getFirst().code()));
        assertThat(in.get("status").asText()).isEqualTo("signedIn");
        assertThat(in.get("user").get("id").asLong()).isEqualTo(up.get("user").get("id").asLong());
        assertThat(first.call("account.getSessions")).hasSize(2);
    }

    @Test
    void codeIsSingleUse() {
        CoreKit.Device d = kit.signUp("Ada");
        String phone = d.call("users.getSelf").get("phone").asText();
        d.disconnect(); // offline: the next code goes through the sender
        CoreKit.Device other = kit.device();
        other.call("auth.sendCode", Map.of("phone", phone));
        String code = kit.codeFor(phone);
        assertThat(other.call("auth.signIn", Map.of("phone", phone, "code", code)).get("status").asText())
                .isEqualTo("signedIn");
        assertThat(kit.device().fails("auth.signIn", Map.of("phone", phone, "code", code)))
                .isEqualTo(ErrorCode.PHONE_CODE_EXPIRED);
    }

    @Test
    void wrongCodeThenSixthTryIsRefusedEvenWithTheRightCode() {
        CoreKit.Device d = kit.device();
        String phone = kit.nextPhone();
        d.call("auth.sendCode", Map.of("phone", phone));
        String code = kit.codeFor(phone);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertThat(d.fails("auth.signIn", Map.of("phone", phone, "code", wrong))).isEqualTo(ErrorCode.PHONE_CODE_INVALID);
        }
        assertThat(d.fails("auth.signIn", Map.of("phone", phone, "code", code))).isEqualTo(ErrorCode.PHONE_CODE_EXPIRED);
    }

    @Test
    void expiredCodeIsRefused() {
        CoreKit.Device d = kit.device();
        String phone = kit.nextPhone();
        d.call("auth.sendCode", Map.of("phone", phone));
        String code = kit.codeFor(phone);
        kit.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(d.fails("auth.signIn", Map.of("phone", phone, "code", code))).isEqualTo(ErrorCode.PHONE_CODE_EXPIRED);
    }

    @Test
    void invalidNumbersAndEmptyCodes() {
        CoreKit.Device d = kit.device();
        assertThat(d.fails("auth.sendCode", Map.of("phone", "12"))).isEqualTo(ErrorCode.PHONE_NUMBER_INVALID);
        assertThat(d.fails("auth.sendCode", Map.of("phone", "+999 123"))).isEqualTo(ErrorCode.PHONE_NUMBER_INVALID);
        assertThat(d.fails("auth.sendCode", Map.of())).isEqualTo(ErrorCode.PARAMS_INVALID);
        assertThat(d.fails("auth.sendCode", Map.of("phone", 491511234))).isEqualTo(ErrorCode.PARAMS_INVALID);
        assertThat(d.fails("auth.signIn", Map.of("phone", "+4915112345678", "code", "")))
                .isEqualTo(ErrorCode.PHONE_CODE_EMPTY);
        assertThat(d.fails("auth.signUp", Map.of("phone", "+4915112345678", "code", "123456", "firstName", " ")))
                .isEqualTo(ErrorCode.FIRSTNAME_INVALID);
    }

    @Test
    void unknownAndRevokedTokens() {
        CoreKit.Device a = kit.device();
        assertThat(a.fails("auth.resume", Map.of("token", "nope"))).isEqualTo(ErrorCode.AUTH_KEY_UNREGISTERED);
        assertThat(a.fails("users.getSelf", Map.of())).isEqualTo(ErrorCode.AUTH_KEY_UNREGISTERED);

        CoreKit.Device first = kit.signUp("Ada");
        String phone = first.call("users.getSelf").get("phone").asText();
        CoreKit.Device second = kit.device();
        second.call("auth.sendCode", Map.of("phone", phone));
        String code = first.sink().updates(Update.LoginCode.class).getFirst().code();
        String token = second.call("auth.signIn", Map.of("phone", phone, "code", code)).get("token").asText();
        long secondSession = second.ctx.session().id();

        CoreKit.Device third = kit.device();
        assertThat(third.call("auth.resume", Map.of("token", token)).get("user").get("firstName").asText()).isEqualTo("Ada");

        first.call("account.terminateSession", Map.of("sessionId", secondSession));
        assertThat(second.sink().closedWith()).isEqualTo(ErrorCode.SESSION_REVOKED);
        assertThat(third.sink().closedWith()).isEqualTo(ErrorCode.SESSION_REVOKED);
        assertThat(kit.device().fails("auth.resume", Map.of("token", token))).isEqualTo(ErrorCode.AUTH_KEY_UNREGISTERED);
        assertThat(first.call("account.getSessions")).hasSize(1);
    }

    @Test
    void logOutSignsTheConnectionOutAndKeepsPresenceRight() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        b.call("chats.openPrivate", Map.of("userId", a.userId()));
        String phone = a.call("users.getSelf").get("phone").asText();
        CoreKit.Device a2 = kit.device();
        a2.call("auth.sendCode", Map.of("phone", phone));
        a2.call("auth.signIn", Map.of("phone", phone, "code", a.sink().updates(Update.LoginCode.class).getLast().code()));
        b.sink().clear();
        a2.call("auth.logOut");
        assertThat(a2.fails("users.getSelf", Map.of())).isEqualTo(ErrorCode.AUTH_KEY_UNREGISTERED);
        a2.disconnect(); // the socket closes after the log-out: must not count Ada offline twice
        assertThat(b.sink().updates(Update.UserStatus.class)).isEmpty();
        assertThat(kit.bus.isOnline(a.userId())).isTrue();
    }

    @Test
    void signUpOfATakenNumberNeedsTheCodeBeforeSayingSo() {
        CoreKit.Device a = kit.signUp("Ada");
        String phone = a.call("users.getSelf").get("phone").asText();
        assertThat(kit.device().fails("auth.signUp", Map.of("phone", phone, "code", "123456", "firstName", "Eve")))
                .isIn(ErrorCode.PHONE_CODE_EXPIRED, ErrorCode.PHONE_CODE_INVALID);
    }

    @Test
    void usernamesAreUniqueIgnoringCase() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        a.call("account.setUsername", Map.of("username", "Ada_L"));
        assertThat(b.fails("account.setUsername", Map.of("username", "ada_l"))).isEqualTo(ErrorCode.USERNAME_OCCUPIED);
        assertThat(b.fails("account.setUsername", Map.of("username", "1abc"))).isEqualTo(ErrorCode.USERNAME_INVALID);
        JsonNode found = b.call("contacts.resolveUsername", Map.of("username", "@ADA_L"));
        assertThat(found.get("user").get("id").asLong()).isEqualTo(a.userId());
        assertThat(found.get("user").has("phone")).isFalse();
        a.call("account.setUsername", Map.of("username", "ada_lovelace"));
        b.call("account.setUsername", Map.of("username", "ada_l"));
    }

    @Test
    void contactsImportFindsRegisteredUsers() {
        CoreKit.Device a = kit.signUp("Ada");
        CoreKit.Device b = kit.signUp("Bob");
        String bobPhone = b.call("users.getSelf").get("phone").asText();
        JsonNode found = a.call("contacts.import", Map.of("contacts", java.util.List.of(
                Map.of("phone", bobPhone, "firstName", "Bobby"),
                Map.of("phone", "+4915199999999", "firstName", "Nobody"),
                Map.of("phone", "junk", "firstName", "Junk"))));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("phone").asText()).isEqualTo(bobPhone);
        assertThat(a.call("contacts.list")).hasSize(1);
    }

    @Test
    void contactsListIsPagedByUserId() {
        CoreKit.Device a = kit.signUp("Ada");
        List<Long> ids = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CoreKit.Device d = kit.signUp("C" + i);
            ids.add(d.userId());
            entries.add(Map.of("phone", d.call("users.getSelf").get("phone").asText(), "firstName", "C" + i));
        }
        a.call("contacts.import", Map.of("contacts", entries));
        Collections.sort(ids);

        List<Long> paged = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = a.call("contacts.list", Map.of("after", after, "limit", 2));
            page.forEach(u -> paged.add(u.get("id").asLong()));
            if (page.size() < 2) {
                break;
            }
            after = paged.getLast();
        }

        assertThat(paged).isEqualTo(ids);
        assertThat(a.call("contacts.list", Map.of("limit", 0))).hasSize(1); // clamped to 1
    }
}

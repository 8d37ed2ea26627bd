package org.ferry.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.ferry.core.testkit.CoreKit;
import org.ferry.core.testkit.KitTest;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Json;
import org.ferry.protocol.Update;
import org.junit.jupiter.api.Test;

/**
 * Every method, fed bad input one parameter at a time (wrong types, nulls, extremes, huge lists and strings) on
 * top of otherwise sensible params, answers with a result or a Ferry error, never with an unexpected exception
 * (which the gateway would turn into INTERNAL). Values that happen to be valid may succeed.
 */
public class BadInputTest extends KitTest {
    private static final String LONG_TEXT = "x".repeat(100_000);

    /** Values for a parameter of this type: wrong types, nulls and extremes. */
    private static List<Object> badValues(RecordComponent component) {
        List<Object> common = Arrays.asList(null, "", List.of(), Map.of(), true, 1.5);
        List<Object> out = new ArrayList<>(common);
        Class<?> type = component.getType();
        if (type == Long.class || type == Integer.class) {
            out.addAll(List.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, "12",
                    "abc", new java.math.BigInteger("123456789012345678901234567890")));
        } else if (type == String.class) {
            out.addAll(List.of(" ", "\u0000", "\uD800", "@", "+", "+0", "😀".repeat(5_000), LONG_TEXT, 42));
        } else if (type == Boolean.class) {
            out.addAll(List.of("true", 0, 1));
        } else if (type == List.class) {
            var element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            out.addAll(List.of("1", List.of("a"), Arrays.asList((Object) null), List.of(List.of()),
                    LongStream.range(0, 10_000).boxed().toList()));
            if (element == Long.class) {
                out.addAll(List.of(List.of(0L), List.of(-1L), List.of(Long.MAX_VALUE), List.of(1L, 1L, 1L)));
            } else {
                out.addAll(List.of(List.of(Map.of()), List.of(Map.of("phone", 5)), List.of(Map.of("phone", "")),
                        List.of(Map.of("phone", LONG_TEXT)),
                        LongStream.range(0, 1_001).mapToObj(i -> Map.of("phone", "+49151" + i)).toList()));
            }
        }
        return out;
    }

    @Test
    public void everyMethodAnswersBadParamsWithAFerryError() {
        CoreKit.Device ada = kit.signUp("Ada");
        CoreKit.Device bob = kit.signUp("Bob");
        String adaPhone = ada.call("users.getSelf").get("phone").asText();
        FerryApi api = (FerryApi) kit.core.rpc();
        List<String> unexpected = new ArrayList<>();
        int calls = 0;
        for (String method : api.methodNames()) {
            // Fresh chats for each method, so that one that leaves or renames them does not spoil the next.
            long privateChat = ada.call("chats.openPrivate", Map.of("userId", bob.userId())).get("id").asLong();
            long group = ada.call("chats.createGroup", Map.of("title", "G", "userIds", List.of(bob.userId())))
                    .get("id").asLong();
            ada.call("messages.send", Map.of("chatId", group, "text", "first"));
            Map<String, Object> sensible = sensible(group, privateChat, bob.userId());
            RecordComponent[] components = api.paramsType(method).getRecordComponents();
            List<Object> variants = new ArrayList<>(Arrays.asList(null, List.of(1), "params", 5,
                    Map.of("unknown", 1)));
            for (RecordComponent component : components) {
                for (Object bad : badValues(component)) {
                    Map<String, Object> params = new LinkedHashMap<>();
                    for (RecordComponent c : components) {
                        params.put(c.getName(), sensible.get(c.getName()));
                    }
                    params.put(component.getName(), bad);
                    variants.add(params);
                }
            }
            for (Object params : variants) {
                calls++;
                CoreKit.Device device = signIn(ada, adaPhone); // a member of the chats, on its own session
                try {
                    kit.core.rpc().call(device.ctx, method, Json.mapper().valueToTree(params));
                } catch (FerryException e) {
                    if (e.code() == ErrorCode.INTERNAL) {
                        unexpected.add(method + " " + describe(params) + ": INTERNAL");
                    }
                } catch (RuntimeException | Error e) {
                    unexpected.add(method + " " + describe(params) + ": " + e);
                } finally {
                    device.disconnect();
                }
            }
        }

        assertThat(calls).isGreaterThan(1_000);
        assertThat(unexpected).isEmpty();
    }

    private static Map<String, Object> sensible(long group, long privateChat, long bob) {
        Map<String, Object> m = new HashMap<>();
        m.putAll(Map.of("chatId", group, "fromChatId", group, "toChatId", privateChat, "userId", bob,
                "userIds", List.of(bob), "ids", List.of(1L), "id", 1L, "text", "hi", "title", "T", "about", "A"));
        m.putAll(Map.of("username", "bad_input_name", "phone", "+4915199999999", "code", "000000",
                "device", "d", "firstName", "F", "lastName", "L", "bio", "b", "token", "t", "randomId", 7L));
        m.putAll(Map.of("replyToId", 1L, "beforeId", 0L, "limit", 10, "after", 0L, "afterSeq", 0L,
                "maxId", 1L, "forEveryone", false, "admin", true, "pinned", true, "muted", false));
        m.putAll(Map.of("megagroup", false, "offsetPinned", false, "offsetDate", 0L, "offsetChatId", 0L,
                "sessionId", 1L, "contacts", List.of(Map.of("phone", "+4915188888888", "firstName", "C"))));
        return m;
    }

    /** A new session of the user of {@code first}, signed in with the code pushed to {@code first}. */
    private CoreKit.Device signIn(CoreKit.Device first, String phone) {
        CoreKit.Device d = kit.device();
        kit.clock.advance(java.time.Duration.ofMillis(10)); // refills the per-number code bucket (burst 5)
        d.call("auth.sendCode", Map.of("phone", phone));
        d.call("auth.signIn", Map.of("phone", phone,
                "code", first.sink().updates(Update.LoginCode.class).getLast().code()));
        first.sink().clear();
        return d;
    }

    private static String describe(Object params) {
        String s = String.valueOf(params);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}

package org.ferry.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ferry.core.auth.AuthService;
import org.ferry.core.chat.ChatService;
import org.ferry.core.chat.Views;
import org.ferry.core.limit.LowPriorityExecutor;
import org.ferry.core.limit.RateLimit;
import org.ferry.core.limit.RateLimiter;
import org.ferry.core.limit.SignupAdmission;
import org.ferry.core.message.MessageService;
import org.ferry.core.model.Account;
import org.ferry.core.model.Member;
import org.ferry.core.model.Session;
import org.ferry.core.model.UserChat;
import org.ferry.core.model.UsernameOwner;
import org.ferry.core.push.PushBus;
import org.ferry.core.push.UpdateSink;
import org.ferry.core.store.Stores;
import org.ferry.core.sync.SyncService;
import org.ferry.core.user.PresenceService;
import org.ferry.core.user.UserService;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.Json;
import org.ferry.protocol.UserView;

/**
 * The method table of the native protocol: binds each method's params, checks the session and calls
 * the service. docs/protocol.md documents every entry. Thread-safe.
 */
public final class FerryApi implements RpcHandler {
    /** The sign-up path, admitted by {@link #admission}. */
    public static final Set<String> SIGNUP_METHODS = SIGN_IN_METHODS;
    /** The call that starts a sign-up: the admission's gate, where a crowd is turned away. */
    static final String SIGNUP_GATE = "auth.sendCode";

    /** Methods callable without a session. */
    public static final Set<String> PUBLIC_METHODS = union(SIGN_IN_METHODS, "auth.resume");

    private static Set<String> union(Set<String> set, String one) {
        var all = new java.util.HashSet<>(set);
        all.add(one);
        return Set.copyOf(all);
    }

    @FunctionalInterface
    private interface Handler<P> {
        Object handle(CallContext ctx, Session session, P params);
    }

    /** {@code lists}: the params' list components, which may not hold a null (JSON binds {@code [null]}). */
    private record Method<P>(Class<P> params, boolean needsSession, Handler<P> handler, List<RecordComponent> lists) {
        Object call(CallContext ctx, JsonNode json) {
            Session session = ctx.session();
            if (needsSession && session == null) {
                throw new FerryException(ErrorCode.AUTH_KEY_UNREGISTERED);
            }
            P bound = Json.bind(json, params);
            for (RecordComponent list : lists) {
                if (read(list, bound) instanceof List<?> values && values.contains(null)) {
                    throw new FerryException(ErrorCode.PARAMS_INVALID,
                            "\"" + list.getName() + "\" must not contain null.");
                }
            }
            return handler.handle(ctx, session, bound);
        }

        private static Object read(RecordComponent component, Object params) {
            try {
                return component.getAccessor().invoke(params);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
    }

    private final Map<String, Method<?>> methods = new TreeMap<>();
    private final Stores stores;
    private final PushBus bus;
    private final AuthService auth;
    private final UserService users;
    private final PresenceService presence;
    private final ChatService chats;
    private final MessageService messages;
    private final SyncService sync;
    private final RateLimiter limiter;
    /** Sign-up calls in progress on this node, bounded so a surge cannot crowd out messaging (DESIGN §4). */
    private final SignupAdmission admission;
    /** Where admitted sign-up calls run while people chat: at low CPU priority; null: on the caller's thread. */
    private final LowPriorityExecutor signups;

    public FerryApi(Stores stores, PushBus bus, AuthService auth, UserService users, PresenceService presence,
                    ChatService chats, MessageService messages, SyncService sync, RateLimiter limiter,
                    SignupAdmission admission, LowPriorityExecutor signups) {
        this.signups = signups;
        this.limiter = limiter;
        this.admission = admission;
        this.stores = stores;
        this.bus = bus;
        this.auth = auth;
        this.users = users;
        this.presence = presence;
        this.chats = chats;
        this.messages = messages;
        this.sync = sync;
        registerAuth();
        registerUsers();
        registerChats();
        registerMessages();
        registerUpdates();
    }

    /** The names of all methods, sorted (for docs and tests). */
    public Set<String> methodNames() {
        return methods.keySet();
    }

    /** The record a method's params are bound to (tests that feed every method bad input), or null. */
    Class<?> paramsType(String method) {
        Method<?> m = methods.get(method);
        return m == null ? null : m.params();
    }

    @Override
    public Object call(CallContext context, String method, JsonNode params) {
        Method<?> m = methods.get(method);
        if (m == null) {
            throw new FerryException(ErrorCode.METHOD_INVALID, "No method \"" + truncate(method) + "\".");
        }
        if (!SIGNUP_METHODS.contains(method)) {
            long start = System.nanoTime();
            try {
                return m.call(context, params);
            } finally {
                admission.messagingServed(System.nanoTime() - start);
            }
        }
        if (!SIGNUP_GATE.equals(method)) {
            admission.acquireFollowUp();
        } else if (!admission.tryAcquire()) {
            throw FerryException.floodWait(admission.retryAfterForCaller());
        }
        try {
            // While people chat, sign-up work runs at low CPU priority; alone it may use the whole node.
            return signups != null && admission.chatting() ? signups.call(() -> m.call(context, params))
                    : m.call(context, params);
        } finally {
            admission.release();
        }
    }

    @Override
    public boolean shedding() {
        return admission.full();
    }

    @Override
    public int shedSeconds(String method) {
        return SIGNUP_GATE.equals(method) && admission.turnAwayEarly() ? admission.retryAfterForCaller() : 0;
    }

    @Override
    public void authenticate(CallContext context, String token) {
        context.bind(auth.resume(token));
    }

    @Override
    public void closed(CallContext context) {
        UpdateSink sink = context.detachSink();
        if (sink != null) {
            bus.unregister(sink);
            presence.disconnected(sink.userId());
        }
    }

    private <P> void on(String name, Class<P> params, Handler<P> handler) {
        List<RecordComponent> lists = Arrays.stream(params.getRecordComponents())
                .filter(c -> List.class.isAssignableFrom(c.getType())).toList();
        methods.put(name, new Method<>(params, !PUBLIC_METHODS.contains(name), handler, lists));
    }

    // ---- auth and account ------------------------------------------------------------------

    private void registerAuth() {
        on("auth.sendCode", Params.SendCode.class, (ctx, s, p) -> {
            var sent = auth.sendCode(req(p.phone(), "phone"), ctx.remoteAddress());
            return Map.of("phone", sent.phone(), "delivery", sent.delivery().name().toLowerCase(),
                    "expiresAt", sent.expiresAt() / 1000);
        });
        on("auth.signIn", Params.SignIn.class, (ctx, s, p) ->
                switch (auth.signIn(req(p.phone(), "phone"), p.code(), p.device(), ctx.remoteAddress())) {
                    case AuthService.SignInResult.SignedIn in -> signedIn(ctx, in);
                    case AuthService.SignInResult.SignUpRequired up ->
                            Map.of("status", "signUpRequired", "phone", up.phone());
                });
        on("auth.signUp", Params.SignUp.class, (ctx, s, p) -> signedIn(ctx, auth.signUp(req(p.phone(), "phone"),
                p.code(), p.firstName(), p.lastName(), p.device(), ctx.remoteAddress())));
        on("auth.resume", Params.Resume.class, (ctx, s, p) -> {
            Session session = auth.resume(req(p.token(), "token"));
            bindConnection(ctx, session);
            Account me = users.account(session.userId());
            return Map.of("user", users.view(me.id(), me), "sessionId", session.id());
        });
        on("auth.logOut", Params.None.class, (ctx, s, p) -> {
            closed(ctx); // this connection stays open, signed out, to receive the result
            ctx.unbind();
            auth.logOut(s);
            return Map.of();
        });
        on("account.getSessions", Params.None.class, (ctx, s, p) -> auth.sessions(s.userId()).stream()
                .map(x -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("id", x.id());
                    v.put("device", x.device());
                    v.put("ip", x.ip());
                    v.put("createdAt", x.createdAt() / 1000);
                    v.put("lastActiveAt", x.lastActiveAt() / 1000);
                    v.put("current", x.id() == s.id());
                    return v;
                }).toList());
        on("account.terminateSession", Params.SessionId.class, (ctx, s, p) -> {
            long id = req(p.sessionId(), "sessionId");
            if (id == s.id()) {
                throw new FerryException(ErrorCode.SESSION_ID_INVALID, "Use auth.logOut to end the current session.");
            }
            auth.terminate(s.userId(), id);
            return Map.of();
        });
        on("account.updateProfile", Params.UpdateProfile.class, (ctx, s, p) ->
                users.view(s.userId(), users.updateProfile(s.userId(), p.firstName(), p.lastName(), p.bio())));
        on("account.setUsername", Params.Username.class, (ctx, s, p) ->
                users.view(s.userId(), users.setUsername(s.userId(), p.username())));
    }

    private Map<String, Object> signedIn(CallContext ctx, AuthService.SignInResult.SignedIn in) {
        bindConnection(ctx, in.session());
        return Map.of("status", "signedIn", "token", in.token(), "sessionId", in.session().id(),
                "user", users.view(in.account().id(), in.account()));
    }

    /** Binds the session to the connection and starts its pushes; for HTTP calls only binds. */
    private void bindConnection(CallContext ctx, Session session) {
        closed(ctx); // a connection re-binding (another resume) releases its old sink first
        UpdateSink sink = ctx.bind(session);
        if (sink != null) {
            List<Long> large = stores.memberships().chats(session.userId()).stream()
                    .filter(c -> c.type().isLarge()).map(UserChat::chatId).toList();
            bus.register(sink, large);
            presence.connected(session.userId());
        }
    }

    // ---- users and contacts ----------------------------------------------------------------

    private void registerUsers() {
        on("users.getSelf", Params.None.class, (ctx, s, p) -> users.view(s.userId(), users.account(s.userId())));
        on("users.get", Params.UserIds.class, (ctx, s, p) ->
                users.views(s.userId(), users.accounts(req(p.ids(), "ids"))));
        on("contacts.resolveUsername", Params.Username.class, (ctx, s, p) -> {
            UsernameOwner owner = users.resolve(p.username())
                    .orElseThrow(() -> new FerryException(ErrorCode.USERNAME_NOT_OCCUPIED));
            return switch (owner.kind()) {
                case USER -> Map.of("user", users.view(s.userId(), users.account(owner.id())));
                case CHAT -> Map.of("chat", chats.view(s.userId(), chats.chat(owner.id())));
            };
        });
        on("contacts.import", Params.ImportContacts.class, (ctx, s, p) -> {
            var entries = req(p.contacts(), "contacts");
            // Each number looked up costs a token: the import must not become a phone-number oracle.
            limiter.acquire(RateLimit.CONTACTS_PER_USER, Long.toString(s.userId()), entries.size());
            return users.views(s.userId(), users.importContacts(s.userId(), entries));
        });
        on("contacts.list", Params.Page.class, (ctx, s, p) -> users.views(s.userId(), users.contacts(s.userId(),
                p.after() == null ? 0 : p.after(), p.limit() == null ? UserService.CONTACTS_PAGE_MAX : p.limit())));
    }

    // ---- chats -----------------------------------------------------------------------------

    private void registerChats() {
        on("chats.openPrivate", Params.UserId.class, (ctx, s, p) ->
                chats.view(s.userId(), chats.openPrivate(s.userId(), req(p.userId(), "userId"))));
        on("chats.createGroup", Params.CreateGroup.class, (ctx, s, p) -> chats.view(s.userId(),
                chats.createGroup(s.userId(), p.title(), p.userIds() == null ? List.of() : p.userIds())));
        on("chats.createChannel", Params.CreateChannel.class, (ctx, s, p) -> chats.view(s.userId(),
                chats.createChannel(s.userId(), p.title(), p.about(), p.username(),
                        Boolean.TRUE.equals(p.megagroup()))));
        on("chats.get", Params.ChatId.class, (ctx, s, p) ->
                chats.view(s.userId(), chats.readable(req(p.chatId(), "chatId"), s.userId())));
        on("chats.addMembers", Params.ChatUsers.class, (ctx, s, p) -> Map.of("added",
                chats.addMembers(s.userId(), req(p.chatId(), "chatId"), req(p.userIds(), "userIds"))));
        on("chats.removeMember", Params.ChatUser.class, (ctx, s, p) -> {
            chats.removeMember(s.userId(), req(p.chatId(), "chatId"), req(p.userId(), "userId"));
            return Map.of();
        });
        on("chats.leave", Params.ChatId.class, (ctx, s, p) -> {
            chats.leave(s.userId(), req(p.chatId(), "chatId"));
            return Map.of();
        });
        on("chats.join", Params.Join.class, (ctx, s, p) -> {
            long chatId;
            if (p.chatId() != null) {
                chatId = p.chatId();
            } else {
                UsernameOwner owner = users.resolve(req(p.username(), "chatId or username"))
                        .filter(o -> o.kind() == UsernameOwner.Kind.CHAT)
                        .orElseThrow(() -> new FerryException(ErrorCode.USERNAME_NOT_OCCUPIED));
                chatId = owner.id();
            }
            return chats.view(s.userId(), chats.join(s.userId(), chatId));
        });
        on("chats.setTitle", Params.ChatTitle.class, (ctx, s, p) -> chats.view(s.userId(),
                chats.setTitle(s.userId(), req(p.chatId(), "chatId"), p.title())));
        on("chats.setUsername", Params.ChatUsername.class, (ctx, s, p) -> chats.view(s.userId(),
                chats.setUsername(s.userId(), req(p.chatId(), "chatId"), p.username(), ctx.sink())));
        on("chats.setAdmin", Params.SetAdmin.class, (ctx, s, p) -> {
            chats.setAdmin(s.userId(), req(p.chatId(), "chatId"), req(p.userId(), "userId"),
                    req(p.admin(), "admin"), ctx.sink());
            return Map.of();
        });
        on("chats.getMembers", Params.Members.class, (ctx, s, p) -> {
            List<Member> page = chats.members(s.userId(), req(p.chatId(), "chatId"),
                    p.after() == null ? 0 : p.after(), p.limit() == null ? 100 : p.limit());
            Map<Long, Account> accounts = stores.accounts().getAll(page.stream().map(Member::userId).toList());
            Map<Long, UserView> views = new HashMap<>();
            users.views(s.userId(), accounts.values()).forEach(v -> views.put(v.id(), v));
            return page.stream().filter(m -> accounts.containsKey(m.userId()))
                    .map(m -> Map.of("user", views.get(m.userId()),
                            "role", m.role().wireName(), "joinedAt", m.joinedAt() / 1000))
                    .toList();
        });
    }

    // ---- messages --------------------------------------------------------------------------

    private void registerMessages() {
        on("messages.send", Params.Send.class, (ctx, s, p) -> Views.message(messages.send(s, ctx.sink(),
                req(p.chatId(), "chatId"), p.text(), p.randomId() == null ? 0 : p.randomId(), p.replyToId())));
        on("messages.forward", Params.Forward.class, (ctx, s, p) -> Views.messages(messages.forward(s, ctx.sink(),
                req(p.fromChatId(), "fromChatId"), req(p.ids(), "ids"), req(p.toChatId(), "toChatId"),
                p.randomId() == null ? 0 : p.randomId())));
        on("messages.edit", Params.Edit.class, (ctx, s, p) -> Views.message(messages.edit(s,
                req(p.chatId(), "chatId"), req(p.id(), "id"), p.text())));
        on("messages.delete", Params.Delete.class, (ctx, s, p) -> Map.of("seq", messages.delete(s, ctx.sink(),
                req(p.chatId(), "chatId"), req(p.ids(), "ids"), Boolean.TRUE.equals(p.forEveryone()))));
        on("messages.getHistory", Params.History.class, (ctx, s, p) -> {
            var page = messages.history(s.userId(), req(p.chatId(), "chatId"), p.beforeId(),
                    p.limit() == null ? 50 : p.limit());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("messages", Views.messages(page.messages()));
            out.put("nextBeforeId", page.nextBeforeId());
            return out;
        });
        on("messages.readHistory", Params.ReadHistory.class, (ctx, s, p) -> Map.of("unreadCount",
                messages.readHistory(s, ctx.sink(), req(p.chatId(), "chatId"), req(p.maxId(), "maxId"))));
        on("messages.setTyping", Params.ChatId.class, (ctx, s, p) -> {
            messages.typing(s, ctx.sink(), req(p.chatId(), "chatId"));
            return Map.of();
        });
        on("messages.getDialogs", Params.Dialogs.class, (ctx, s, p) -> {
            boolean offset = p.offsetChatId() != null || p.offsetDate() != null || p.offsetPinned() != null;
            SyncService.DialogOffset after = !offset ? null : new SyncService.DialogOffset(
                    Boolean.TRUE.equals(p.offsetPinned()), req(p.offsetDate(), "offsetDate"),
                    req(p.offsetChatId(), "offsetChatId"));
            return sync.dialogs(s.userId(), after, p.limit() == null ? SyncService.DIALOGS_MAX : p.limit());
        });
        on("messages.getDialog", Params.ChatId.class,
                (ctx, s, p) -> sync.dialog(s.userId(), req(p.chatId(), "chatId")));
        on("messages.setDialogFlags", Params.DialogFlags.class, (ctx, s, p) -> {
            long chatId = req(p.chatId(), "chatId");
            chats.readable(chatId, s.userId());
            var current = stores.dialogs().get(s.userId(), chatId);
            boolean pinned = p.pinned() != null ? p.pinned() : current.map(x -> x.pinned()).orElse(false);
            boolean muted = p.muted() != null ? p.muted() : current.map(x -> x.muted()).orElse(false);
            var d = stores.dialogs().setFlags(s.userId(), chatId, pinned, muted);
            return Map.of("pinned", d.pinned(), "muted", d.muted());
        });
    }

    // ---- sync ------------------------------------------------------------------------------

    private void registerUpdates() {
        on("updates.getState", Params.None.class, (ctx, s, p) -> Map.of("feed", sync.state(s.userId()),
                "heads", stringKeys(sync.heads(s.userId()))));
        on("updates.getFeed", Params.Feed.class, (ctx, s, p) -> {
            var page = sync.feed(s.userId(), p.after() == null ? 0 : p.after(), p.limit() == null ? 500 : p.limit());
            return Map.of("entries", page.entries().stream()
                            .map(e -> Map.of("id", e.id(), "chatId", e.chatId(), "seq", e.seq())).toList(),
                    "token", page.token(), "more", page.more());
        });
        on("updates.getDifference", Params.Difference.class, (ctx, s, p) -> {
            // The record, not a map: its List<Update.ChatLog> type makes Jackson write each update's "type".
            return sync.difference(s.userId(), req(p.chatId(), "chatId"), p.afterSeq() == null ? 0 : p.afterSeq(),
                    p.limit() == null ? 100 : p.limit());
        });
        on("updates.getHeads", Params.None.class, (ctx, s, p) -> stringKeys(sync.heads(s.userId())));
    }

    private static Map<String, Long> stringKeys(Map<Long, Long> heads) {
        Map<String, Long> out = new LinkedHashMap<>();
        heads.forEach((k, v) -> out.put(Long.toString(k), v));
        return out;
    }

    private static <T> T req(T value, String name) {
        if (value == null) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "Missing parameter \"" + name + "\".");
        }
        return value;
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}

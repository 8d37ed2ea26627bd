package org.ferry.core.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ferry.core.auth.AuthService;
import org.ferry.core.auth.Phones;
import org.ferry.core.model.Account;
import org.ferry.core.model.Contact;
import org.ferry.core.model.UsernameOwner;
import org.ferry.core.store.Stores;
import org.ferry.protocol.ErrorCode;
import org.ferry.protocol.FerryException;
import org.ferry.protocol.UserView;

/** Profiles, usernames and contacts, and how one user sees another. Thread-safe. */
public final class UserService {
    public static final int BIO_MAX = 140;
    public static final int IMPORT_MAX = 1000;
    /** The most contacts one {@code contacts.list} call returns. */
    public static final int CONTACTS_PAGE_MAX = 1000;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{4,31}");

    /** A phone-book entry sent by a client. */
    public record PhoneContact(String phone, String firstName, String lastName) {
    }

    private final Stores stores;
    private final PresenceService presence;

    public UserService(Stores stores, PresenceService presence) {
        this.stores = stores;
        this.presence = presence;
    }

    public Account account(long userId) {
        return stores.accounts().get(userId).orElseThrow(() -> new FerryException(ErrorCode.USER_ID_INVALID));
    }

    public Account updateProfile(long userId, String firstName, String lastName, String bio) {
        Account a = account(userId);
        String first = firstName == null ? a.firstName() : firstName.strip();
        String last = lastName == null ? a.lastName() : emptyToNull(lastName.strip());
        String about = bio == null ? a.bio() : emptyToNull(bio.strip());
        if (first.isEmpty() || first.length() > AuthService.NAME_MAX) {
            throw new FerryException(ErrorCode.FIRSTNAME_INVALID);
        }
        if (last != null && last.length() > AuthService.NAME_MAX) {
            throw new FerryException(ErrorCode.LASTNAME_INVALID);
        }
        if (about != null && about.length() > BIO_MAX) {
            throw new FerryException(ErrorCode.ABOUT_TOO_LONG);
        }
        Account updated = a.withProfile(first, last, about);
        stores.accounts().update(updated);
        return updated;
    }

    /** Sets or (with null/empty) removes the username; claims the new name before releasing the old. */
    public Account setUsername(long userId, String username) {
        Account a = account(userId);
        String name = username == null ? "" : username.strip();
        UsernameOwner me = new UsernameOwner(userId, UsernameOwner.Kind.USER);
        if (name.isEmpty()) {
            if (a.username() != null) {
                Account updated = a.withUsername(null);
                stores.accounts().update(updated);
                stores.usernames().release(a.username(), me);
                return updated;
            }
            return a;
        }
        validateUsername(name);
        if (!stores.usernames().claim(name, me)) {
            throw new FerryException(ErrorCode.USERNAME_OCCUPIED);
        }
        Account updated = a.withUsername(name);
        stores.accounts().update(updated);
        if (a.username() != null && !a.username().equalsIgnoreCase(name)) {
            stores.usernames().release(a.username(), me);
        }
        return updated;
    }

    public static void validateUsername(String name) {
        if (!USERNAME.matcher(name).matches()) {
            throw new FerryException(ErrorCode.USERNAME_INVALID);
        }
    }

    public Optional<UsernameOwner> resolve(String username) {
        if (username == null) {
            throw new FerryException(ErrorCode.USERNAME_INVALID);
        }
        String name = username.strip();
        if (name.startsWith("@")) {
            name = name.substring(1);
        }
        validateUsername(name);
        return stores.usernames().resolve(name);
    }

    /** Imports phone-book entries; returns the registered users among them (now contacts). */
    public List<Account> importContacts(long ownerId, List<PhoneContact> entries) {
        if (entries.size() > IMPORT_MAX) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "At most " + IMPORT_MAX + " contacts per call.");
        }
        List<Account> found = new ArrayList<>();
        for (PhoneContact entry : entries) {
            String phone;
            try {
                phone = Phones.normalize(entry.phone());
            } catch (FerryException invalid) {
                continue; // phone books hold junk; skip it rather than fail the whole import
            }
            Optional<Account> match = stores.accounts().byPhone(phone);
            if (match.isPresent() && match.get().id() != ownerId) {
                stores.contacts().put(new Contact(ownerId, match.get().id(), phone, entry.firstName(), entry.lastName()));
                found.add(match.get());
            }
        }
        return found;
    }

    /** A page of the owner's contacts, ascending user id after {@code afterUserId}; {@code limit} clamped 1–1000. */
    public List<Account> contacts(long ownerId, long afterUserId, int limit) {
        int n = Math.max(1, Math.min(limit, CONTACTS_PAGE_MAX));
        List<Long> ids = stores.contacts().list(ownerId, afterUserId, n).stream().map(Contact::userId).toList();
        return List.copyOf(stores.accounts().getAll(ids).values());
    }

    /** Accounts by id, in the order asked, silently skipping unknown ids. */
    public List<Account> accounts(Collection<Long> ids) {
        if (ids.size() > 1000) {
            throw new FerryException(ErrorCode.PARAMS_INVALID, "At most 1000 ids per call.");
        }
        Map<Long, Account> found = new LinkedHashMap<>(stores.accounts().getAll(ids));
        return ids.stream().distinct().map(found::get).filter(a -> a != null).toList();
    }

    /** How {@code viewerId} sees {@code a}: the phone only for oneself and imported contacts. */
    public UserView view(long viewerId, Account a) {
        return view(viewerId, a, presence.status(a.id()));
    }

    /** Views in the order given; the offline users' last-seen times are read in one go. */
    public List<UserView> views(long viewerId, Collection<Account> accounts) {
        Map<Long, UserView.StatusView> statuses = presence.statuses(accounts.stream().map(Account::id).toList());
        return accounts.stream().map(a -> view(viewerId, a, statuses.get(a.id()))).toList();
    }

    private UserView view(long viewerId, Account a, UserView.StatusView status) {
        boolean showPhone = viewerId == a.id() || stores.contacts().has(viewerId, a.id());
        return new UserView(a.id(), a.firstName(), a.lastName(), a.username(), a.bio(),
                showPhone ? a.phone() : null, a.bot(), status);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

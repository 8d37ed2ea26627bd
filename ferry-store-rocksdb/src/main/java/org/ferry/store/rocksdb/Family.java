package org.ferry.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The column families (key and value layouts in {@code package-info.java}). Families read by point
 * lookups get a bloom filter; families only ever scanned by prefix do not, since a whole-key filter
 * cannot help a range scan and would only cost memory and write time.
 *
 * <p>Families written on every message ({@link #hinted}) keep keys that arrive in order under their first 8
 * bytes (a chat's or a user's id): their memtables remember where each id's last insert went and start the
 * next insert there, instead of searching the whole skip list from the top.
 */
enum Family {
    ACCOUNTS(true, false),
    PHONES(true, false),
    USERNAMES(true, false),
    LOGIN_CODES(true, false),
    SESSIONS(true, false),
    USER_SESSIONS(false, false),
    CHATS(true, false),
    PRIVATE_CHATS(true, false),
    MEMBERS(true, false),
    CHAT_COUNTERS(true, false),
    LOG(false, true),
    MESSAGES(true, false),
    RANDOM_IDS(true, true),
    USER_CHATS(false, false),
    DIALOGS(true, false),
    HIDDEN(false, false),
    FEED(false, true),
    CONTACTS(true, false),
    /** Facts about the database itself: the version of its layout ({@link Layout}). */
    META(true, false),
    /** When each user was last online; added after layout 2 (a database without it starts empty). */
    LAST_SEEN(true, false);

    final boolean pointLookups;
    /** Written on every message, with keys in order per 8-byte id prefix: memtable inserts start at a hint. */
    final boolean hinted;

    Family(boolean pointLookups, boolean hinted) {
        this.pointLookups = pointLookups;
        this.hinted = hinted;
    }

    /** The on-disk column family name: the constant in lower case. Never rename a constant. */
    byte[] columnFamilyName() {
        return name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }
}

package org.ferry.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The column families (key and value layouts in {@code package-info.java}). Families read by point
 * lookups get a bloom filter; families only ever scanned by prefix do not, since a whole-key filter
 * cannot help a range scan and would only cost memory and write time.
 */
enum Family {
    ACCOUNTS(true),
    PHONES(true),
    USERNAMES(true),
    LOGIN_CODES(true),
    SESSIONS(true),
    USER_SESSIONS(false),
    CHATS(true),
    PRIVATE_CHATS(true),
    MEMBERS(true),
    CHAT_COUNTERS(true),
    LOG(false),
    MESSAGES(true),
    RANDOM_IDS(true),
    USER_CHATS(false),
    DIALOGS(true),
    HIDDEN(false),
    FEED(false),
    CONTACTS(true);

    final boolean pointLookups;

    Family(boolean pointLookups) {
        this.pointLookups = pointLookups;
    }

    /** The on-disk column family name: the constant in lower case. Never rename a constant. */
    byte[] columnFamilyName() {
        return name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }
}

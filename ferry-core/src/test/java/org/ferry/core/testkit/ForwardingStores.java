package org.ferry.core.testkit;

import org.ferry.core.store.AccountStore;
import org.ferry.core.store.ChatLogStore;
import org.ferry.core.store.ChatStore;
import org.ferry.core.store.ContactStore;
import org.ferry.core.store.DialogStore;
import org.ferry.core.store.FeedStore;
import org.ferry.core.store.LoginCodeStore;
import org.ferry.core.store.MembershipStore;
import org.ferry.core.store.SessionStore;
import org.ferry.core.store.Stores;
import org.ferry.core.store.UsernameStore;

/** Stores that hand out another backend's stores; a test overrides the one store it puts something in front of. */
public class ForwardingStores implements Stores {
    protected final Stores inner;

    public ForwardingStores(Stores inner) {
        this.inner = inner;
    }

    @Override public AccountStore accounts() { return inner.accounts(); }
    @Override public UsernameStore usernames() { return inner.usernames(); }
    @Override public LoginCodeStore loginCodes() { return inner.loginCodes(); }
    @Override public SessionStore sessions() { return inner.sessions(); }
    @Override public ChatStore chats() { return inner.chats(); }
    @Override public MembershipStore memberships() { return inner.memberships(); }
    @Override public ChatLogStore log() { return inner.log(); }
    @Override public DialogStore dialogs() { return inner.dialogs(); }
    @Override public FeedStore feed() { return inner.feed(); }
    @Override public ContactStore contacts() { return inner.contacts(); }
    @Override public void close() { inner.close(); }
}

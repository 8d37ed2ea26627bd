package org.ferry.core.limit;

/**
 * Every rate limit of the service, in one place. Each names the key it is counted by; the rates come
 * from {@link org.ferry.core.CoreConfig.RateLimits}.
 */
public enum RateLimit {
    /** Login codes requested for one phone number. */
    CODE_PER_PHONE,
    /** Login codes requested from one IP address. */
    CODE_PER_IP,
    /** Login codes requested for one number prefix (country + first digits): SMS pumping defence. */
    CODE_PER_PREFIX,
    /** Login codes for everyone: protects the SMS budget and the sign-up path's share of the machine. */
    CODE_GLOBAL,
    /** Sign-in and sign-up attempts from one IP address. */
    SIGN_IN_PER_IP,
    /** Phone numbers looked up by one user through contact imports. */
    CONTACTS_PER_USER,
    /** Messages sent by one user. */
    SEND_PER_USER
}

package org.ferry.core.model;

/** A phone-book entry a user imported that matched a registered account. */
public record Contact(long ownerId, long userId, String phone, String firstName, String lastName) {
}

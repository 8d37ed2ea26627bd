// Server error codes (ferry-protocol ErrorCode) in words a person understands.

const TEXT = {
  MALFORMED_FRAME: 'The app sent a request the server could not read.',
  FRAME_TOO_LARGE: 'That is too large to send.',
  METHOD_INVALID: 'The server does not know this request; the app may be out of date.',
  PARAMS_INVALID: 'Some of the details were missing or invalid.',
  AUTH_KEY_UNREGISTERED: 'You are signed out. Please sign in again.',
  SESSION_REVOKED: 'This session was ended from another device.',
  PHONE_NUMBER_INVALID: 'That does not look like a valid phone number. Include the country code, e.g. +44 20 7946 0000.',
  PHONE_CODE_EMPTY: 'Enter the code.',
  PHONE_CODE_INVALID: 'That code is not right. Check it and try again.',
  PHONE_CODE_EXPIRED: 'The code has expired or was used. Request a new one.',
  PHONE_NUMBER_UNOCCUPIED: 'No account uses this number yet.',
  PHONE_NUMBER_OCCUPIED: 'An account already uses this number.',
  FIRSTNAME_INVALID: 'Enter a first name (up to 64 characters).',
  LASTNAME_INVALID: 'The last name is too long (up to 64 characters).',
  USERNAME_INVALID: 'Usernames have 5–32 letters, digits or underscores and start with a letter.',
  USERNAME_OCCUPIED: 'That username is already taken.',
  USERNAME_NOT_OCCUPIED: 'Nobody has that username.',
  ABOUT_TOO_LONG: 'The description is too long.',
  USER_ID_INVALID: 'That user does not exist.',
  PEER_ID_INVALID: 'That chat does not exist or is not available to you.',
  CHAT_TITLE_EMPTY: 'Enter a title (up to 128 characters).',
  CHAT_WRITE_FORBIDDEN: 'You cannot send messages in this chat.',
  CHAT_ADMIN_REQUIRED: 'Only admins can do that.',
  CHANNEL_PRIVATE: 'You are not a member of this chat.',
  USERS_TOO_MUCH: 'The chat is full.',
  USER_NOT_PARTICIPANT: 'That person is not a member of the chat.',
  USER_ALREADY_PARTICIPANT: 'Already a member.',
  MESSAGE_EMPTY: 'The message is empty.',
  MESSAGE_TOO_LONG: 'The message is too long (4096 characters at most).',
  MESSAGE_ID_INVALID: 'That message no longer exists.',
  MESSAGE_AUTHOR_REQUIRED: 'Only the author can do that.',
  MESSAGE_EDIT_TIME_EXPIRED: 'Messages can only be edited for 48 hours.',
  MESSAGE_NOT_MODIFIED: 'Nothing was changed.',
  SESSION_ID_INVALID: 'That session no longer exists.',
  INTERNAL: 'Something went wrong on the server. Please try again.',
  NETWORK: 'The connection was lost before the server answered. Please try again.',
  TIMEOUT: 'The server took too long to answer. Please try again.',
};

/** Readable text for an error object {code, message, retryAfter}. */
export function describeError(error) {
  if (!error) return 'Something went wrong.';
  if (error.code === 'FLOOD_WAIT') {
    return `Too many attempts. Please wait ${formatWait(error.retryAfter)} and try again.`;
  }
  return TEXT[error.code] ?? error.message ?? 'Something went wrong.';
}

export function formatWait(seconds) {
  const s = Math.max(1, Math.ceil(Number(seconds) || 1));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const hrs = Math.ceil(m / 60);
  return `${hrs} hour${hrs === 1 ? '' : 's'}`;
}

/** The error a rejected call carries: an {code, message} object, or a wrapped exception. */
export class FerryError extends Error {
  constructor(body) {
    super(body?.message ?? body?.code ?? 'error');
    this.code = body?.code ?? 'INTERNAL';
    this.retryAfter = body?.retryAfter;
  }
}

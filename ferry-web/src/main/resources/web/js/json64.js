// JSON with 64-bit integers. Ferry's ids (users, chats, sessions, random ids, feed tokens) are 64-bit and
// usually larger than 2^53, which JSON.parse would round. Incoming integers outside the safe range become
// decimal strings; outgoing params named in INT_KEYS are written as bare integers even when held as strings.

const MAX_SAFE_DIGITS = 15; // every integer of up to 15 digits is exact in a double

/** Parses a frame, turning integers too large for a double into decimal strings. */
export function parse(text) {
  return JSON.parse(quoteBigIntegers(text));
}

function quoteBigIntegers(text) {
  let out = null; // built lazily: most frames carry no big integer... until ids appear, then most do
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) { // a string: skip to its closing quote, honouring escapes
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) { i++; break; }
        else i++;
      }
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) { // a number
      const start = i;
      if (c === 45) i++;
      while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const digits = i - start - (c === 45 ? 1 : 0);
      const next = i < n ? text[i] : '';
      const isInteger = next !== '.' && next !== 'e' && next !== 'E';
      if (isInteger && digits > MAX_SAFE_DIGITS) {
        const literal = text.slice(start, i);
        if (!Number.isSafeInteger(Number(literal))) {
          out = (out ?? '') + text.slice(last, start) + '"' + literal + '"';
          last = i;
        }
      }
      while (i < n && /[0-9.eE+-]/.test(text[i])) i++;
      continue;
    }
    i++;
  }
  return out === null ? text : out + text.slice(last);
}

/** Param names whose values are integers (or arrays of integers) on the wire. */
const INT_KEYS = new Set([
  'id', 'ids', 'chatId', 'userId', 'userIds', 'sessionId', 'randomId', 'fromChatId', 'toChatId',
  'replyToId', 'beforeId', 'maxId', 'afterSeq', 'after', 'limit', 'offsetDate', 'offsetChatId',
]);

const INTEGER = /^-?\d+$/;

/** Serialises a request frame; values under INT_KEYS that are digit strings or BigInts go out as integers. */
export function stringify(value) {
  return write(value, false);
}

function write(value, integer) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (integer && typeof value === 'string' && INTEGER.test(value)) return value;
  if (Array.isArray(value)) return '[' + value.map((v) => write(v, integer)).join(',') + ']';
  if (typeof value === 'object') {
    const parts = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      parts.push(JSON.stringify(k) + ':' + write(v, INT_KEYS.has(k)));
    }
    return '{' + parts.join(',') + '}';
  }
  return JSON.stringify(value);
}

/** Normalises an id from the wire (number or string) to the string form used as a key everywhere. */
export function idOf(value) {
  return value === null || value === undefined ? null : String(value);
}

/** A random positive 63-bit integer as a decimal string, for idempotent sends. */
export function randomId() {
  const words = crypto.getRandomValues(new Uint32Array(2));
  const big = (BigInt(words[0] & 0x7fffffff) << 32n) | BigInt(words[1]);
  return (big === 0n ? 1n : big).toString();
}

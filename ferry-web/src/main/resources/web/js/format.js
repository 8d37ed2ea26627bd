// Names, times and previews as people read them.

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekdayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dateFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDateFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

export function fullName(user) {
  if (!user) return 'Unknown';
  return [user.firstName, user.lastName].filter(Boolean).join(' ') || 'Deleted account';
}

export function initials(title) {
  const words = String(title ?? '?').trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => [...w][0] ?? '').join('');
  return (letters || '?').toUpperCase();
}

/** A stable colour index (0..7) for an avatar. */
export function colorIndex(id) {
  const s = String(id ?? '');
  let x = 0;
  for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) >>> 0;
  return x % 8;
}

/** "14:05" today, "Tue" this week, "3 Mar" otherwise (epoch seconds). */
export function listTime(seconds) {
  if (!seconds) return '';
  const d = new Date(seconds * 1000);
  const now = new Date();
  if (sameDay(d, now)) return timeFmt.format(d);
  if (now - d < 6 * 86400_000) return weekdayFmt.format(d);
  return dateFmt.format(d);
}

export function clock(seconds) {
  return timeFmt.format(new Date(seconds * 1000));
}

export function fullDate(seconds) {
  return longDateFmt.format(new Date(seconds * 1000)) + ' ' + timeFmt.format(new Date(seconds * 1000));
}

/** "Today", "Yesterday" or "Monday, 3 March" for the divider above a day's first message. */
export function dayLabel(seconds) {
  const d = new Date(seconds * 1000);
  const now = new Date();
  if (sameDay(d, now)) return 'Today';
  const y = new Date(now);
  y.setDate(now.getDate() - 1);
  if (sameDay(d, y)) return 'Yesterday';
  return dayFmt.format(d);
}

export function dayKey(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "online", "last seen 5 minutes ago", "last seen recently". */
export function presence(user) {
  if (!user) return '';
  if (user.bot) return 'bot';
  const st = user.status;
  if (st?.online) return 'online';
  if (!st?.lastSeen) return 'last seen recently';
  const ago = Date.now() / 1000 - st.lastSeen;
  if (ago < 60) return 'last seen just now';
  if (ago < 3600) {
    const m = Math.floor(ago / 60);
    return `last seen ${m} minute${m === 1 ? '' : 's'} ago`;
  }
  const d = new Date(st.lastSeen * 1000);
  if (sameDay(d, new Date())) return `last seen today at ${timeFmt.format(d)}`;
  return `last seen ${dateFmt.format(d)} at ${timeFmt.format(d)}`;
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// When a photo was taken, from the best source it has, and never a date that software made up.
// EXIF dates are strings ("2019:06:15 14:22:33", EXIF 2.32 §4.6.5, DateTimeOriginal); broken
// software writes "0000:00:00 00:00:00", blanks, or a zero month, which a lenient parser rolls
// over into another date (2019:00:00 became 2018-11-30). Here every field is range-checked and a
// bad one rejects the value, so the next source is tried.

/** Where a photo's date came from, best first: the order of the fallback. */
export const DATE_SOURCES = ['exif-original', 'exif-create', 'gps', 'file-name', 'exif-modify', 'file-time'] as const;
export type DateSource = (typeof DATE_SOURCES)[number];

/** The earliest year taken as a photo's date (the first photograph is from the 1820s); a later one than next year is not a date either. */
const MIN_YEAR = 1826;

/**
 * Wall-clock time as if UTC (ms since epoch) from its parts, or null when any part is out of range: month
 * 1-12, day within the month (leap years counted), hour 0-23, minute and second 0-59 (60 for a leap second is
 * clamped to 59), year from 1826 to next year.
 */
export function wallClock(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number | null {
  if (![y, mo, d, h, mi, s, ms].every(Number.isInteger)) return null;
  if (y < MIN_YEAR || y > new Date().getUTCFullYear() + 1) return null;
  if (mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 || ms < 0 || ms > 999) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
}

/**
 * An EXIF date-time string ("YYYY:MM:DD HH:MM:SS", with "-" or "/" also accepted between date parts, optional
 * fractional seconds, and trailing "Z" or "+09:00" ignored: the wall-clock time is what the camera showed) as
 * wall-clock ms since epoch read as UTC; null for blanks, zeros and out-of-range fields.
 */
export function parseExifDate(value: unknown): number | null {
  if (value instanceof Date) return null; // a revived Date has already rolled over: ask for strings
  if (typeof value !== 'string') return null;
  const m = value.trim().match(/^(\d{4})[:\-/](\d{1,2})[:\-/](\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?)?/);
  if (!m) return null;
  const [y, mo, d, h, mi, s, frac] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return wallClock(y!, mo!, d!, h, mi, s, frac ? Number(String(m[7]).padEnd(3, '0')) : 0);
}

/** GPS date ("YYYY:MM:DD") and time ([h, m, s] rationals) in UTC, as ms since epoch; null when either is broken. */
export function parseGpsDateTime(date: unknown, time: unknown): number | null {
  if (typeof date !== 'string' || !Array.isArray(time) || time.length < 3) return null;
  const day = parseExifDate(date);
  if (day === null) return null;
  const [h, mi, s] = time.map(Number);
  if (![h, mi, s].every((x) => Number.isFinite(x))) return null;
  const d = new Date(day);
  return wallClock(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), h!, mi!, Math.floor(s!));
}

// File names that carry the date, as phones and apps write them. Each has its own pattern, so that
// a run of digits that merely looks like a date (IMG_1234) is never taken for one.
const FILE_NAME_DATES: { pattern: RegExp; what: string }[] = [
  // Android, Pixel, Samsung, Xiaomi: IMG_20190615_142233.jpg, PXL_20190615_142233123.jpg, 20190615_142233.jpg
  { pattern: /(?:^|[^0-9])(\d{4})(\d{2})(\d{2})[_-](\d{2})(\d{2})(\d{2})/, what: 'camera' },
  // macOS and Windows screenshots: "Screenshot 2019-06-15 at 14.22.33", "Screenshot 2019-06-15 142233"
  { pattern: /(\d{4})-(\d{2})-(\d{2})[ _]+(?:at[ _]+)?(\d{1,2})[.:_-]?(\d{2})[.:_-]?(\d{2})/, what: 'screenshot' },
  // WhatsApp: IMG-20190615-WA0001.jpg (a day, no time)
  { pattern: /(?:IMG|VID)-(\d{4})(\d{2})(\d{2})-WA\d+/i, what: 'whatsapp' },
  // A plain ISO day: 2019-06-15.jpg, holiday_2019-06-15_beach.jpg
  { pattern: /(?:^|[^0-9])(\d{4})-(\d{2})-(\d{2})(?:[^0-9]|$)/, what: 'day' },
];

/** The date written in a file name (see FILE_NAME_DATES), wall-clock ms since epoch read as UTC; null when none. */
export function dateFromFileName(name: string): number | null {
  for (const { pattern } of FILE_NAME_DATES) {
    const m = name.match(pattern);
    if (!m) continue;
    const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
    const t = wallClock(y!, mo!, d!, h, mi, s);
    if (t !== null) return t;
  }
  return null;
}

/** What each source said, as read (unparsed EXIF strings, GPS parts), and the file's own facts. */
export interface DateEvidence {
  dateTimeOriginal?: unknown;
  createDate?: unknown;
  gpsDate?: unknown;
  gpsTime?: unknown;
  modifyDate?: unknown;
  fileName: string;
  mtimeMs: number; // the file's modification time, ms since epoch
}

/**
 * The photo's date and its source: the first of DATE_SOURCES that gives a valid date. The file's
 * modification time always does, so every photo has a date and no date filter drops it.
 * `takenAt`: wall-clock ms since epoch read as UTC (EXIF has no zone; the file time is shifted to
 * this machine's wall clock likewise).
 */
export function chooseTakenAt(e: DateEvidence): { takenAt: number; source: DateSource } {
  const candidates: [DateSource, () => number | null][] = [
    ['exif-original', () => parseExifDate(e.dateTimeOriginal)],
    ['exif-create', () => parseExifDate(e.createDate)],
    ['gps', () => parseGpsDateTime(e.gpsDate, e.gpsTime)],
    ['file-name', () => dateFromFileName(e.fileName)],
    ['exif-modify', () => parseExifDate(e.modifyDate)],
  ];
  for (const [source, read] of candidates) {
    const t = read();
    if (t !== null) return { takenAt: t, source };
  }
  const local = new Date(e.mtimeMs);
  const wall = Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds());
  return { takenAt: wall, source: 'file-time' };
}

/**
 * A location from GPS decimal degrees, or null: outside latitude -90..90 or longitude -180..180, not finite,
 * or exactly 0,0 (where editors that zero GPS put every photo: "Null Island").
 */
export function validLocation(lat: unknown, lon: unknown): { lat: number; lon: number } | null {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  if (lat === 0 && lon === 0) return null;
  return { lat, lon };
}

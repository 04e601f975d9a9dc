/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, in UTC so no time zone can shift a day. Plain Date
 * arithmetic rather than a date library: the engine calls these on every evaluation.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parts(iso: string): [number, number, number] {
  const [year, month, day] = iso.split('-');
  return [Number(year), Number(month), Number(day)];
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
const FIRST_TIME = -62_167_219_200_000; // 0000-01-01
const LAST_TIME = 253_402_214_400_000; // 9999-12-31

/**
 * `YYYY-MM-DD`, always with four digits for the year. Arithmetic that runs past the years such a
 * string can hold stops at its first or last day rather than writing a five-digit year.
 */
function format(time: number): string {
  if (time > LAST_TIME) return '9999-12-31';
  if (time < FIRST_TIME) return '0000-01-01';
  const d = new Date(time);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Date.UTC, except that years 0–99 are not read as 1900–1999. */
function utc(year: number, monthIndex: number, day: number): number {
  if (year >= 100) return Date.UTC(year, monthIndex, day);
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

const daysInMonth = (year: number, month: number) => new Date(utc(year, month, 0)).getUTCDate();

/** A real calendar date written `YYYY-MM-DD` (rejects 2023-02-30). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The same day `months` later; the 31st becomes the month's last day when the month is shorter. */
export function addMonths(from: string, months: number): string {
  const [year, month, day] = parts(from);
  const target = new Date(utc(year, month - 1 + months, 1));
  const y = target.getUTCFullYear();
  const m = target.getUTCMonth() + 1;
  return format(utc(y, m - 1, Math.min(day, daysInMonth(y, m))));
}

export function addDays(from: string, days: number): string {
  const [year, month, day] = parts(from);
  return format(utc(year, month - 1, day) + days * DAY_MS);
}

/** The last day of a period of whole months that starts on `from`. */
export function lastDayOfMonths(from: string, months: number): string {
  return addDays(addMonths(from, months), -1);
}

/** The last day of a period of `days` days that starts on `from`. */
export function lastDayOfDays(from: string, days: number): string {
  return addDays(from, days - 1);
}

/** Today's date in China (UTC+8, no daylight saving), whatever the server's time zone. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

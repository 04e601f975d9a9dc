/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, in UTC so no time zone can shift a day. Plain Date
 * arithmetic rather than a date library: the engine calls these on every evaluation.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function format(time: number): string {
  const d = new Date(time);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

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
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const y = target.getUTCFullYear();
  const m = target.getUTCMonth() + 1;
  return format(Date.UTC(y, m - 1, Math.min(day, daysInMonth(y, m))));
}

export function addDays(from: string, days: number): string {
  const [year, month, day] = parts(from);
  return format(Date.UTC(year, month - 1, day) + days * DAY_MS);
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

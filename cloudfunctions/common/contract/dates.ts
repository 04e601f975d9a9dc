import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written `YYYY-MM-DD` (rejects 2023-02-30). */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && dayjs(text, 'YYYY-MM-DD', true).isValid();
}

/** Add whole months, then step back one day: the last day of a period that starts on `from`. */
export function lastDayOfMonths(from: string, months: number): string {
  return dayjs(from).add(months, 'month').subtract(1, 'day').format('YYYY-MM-DD');
}

export function lastDayOfDays(from: string, days: number): string {
  return dayjs(from)
    .add(days - 1, 'day')
    .format('YYYY-MM-DD');
}

export function addMonths(from: string, months: number): string {
  return dayjs(from).add(months, 'month').format('YYYY-MM-DD');
}

export function addDays(from: string, days: number): string {
  return dayjs(from).add(days, 'day').format('YYYY-MM-DD');
}

/** Months between two ISO dates, rounded down (for comparing a day count with a month rule). */
export function daysBetween(from: string, to: string): number {
  return dayjs(to).diff(dayjs(from), 'day');
}

/** Today's date in China (UTC+8, no daylight saving), whatever the server's time zone. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

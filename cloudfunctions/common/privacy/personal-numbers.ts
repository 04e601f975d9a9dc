/**
 * Finds a mainland mobile number (with or without +86 / 0086) or a resident ID number (18 digits,
 * the last may be X, or the old 15-digit form) however it is written: in full-width or Chinese
 * digits, split by spaces, dashes, dots, slashes, brackets or zero-width characters.
 *
 * A number counts only where it starts and ends on a digit boundary (the character before and after
 * is not a digit), so a long invoice number does not hide a "mobile number" inside it. A candidate ID
 * must look like one (a region code starting 1–8, a plausible birth date) so that a run of dates
 * and counts separated by spaces is not mistaken for one; the check digit is not required, since a
 * mistyped ID is still somebody's ID.
 */
import { normalizeDigits } from './normalize';

/** What may stand between the digits of one number: spaces, dashes, dots, slashes, brackets, plus. */
const SEP = '[\\s\\-‐‑‒–—―−﹘﹣.·・•∙/\\\\_()\\[\\]【】（）+]{0,3}';
const digits = (n: number) => `\\d(?:${SEP}\\d){${n - 1}}`;

const MOBILE = new RegExp(
  `(?<!\\d)(?:(?:0${SEP}0${SEP})?8${SEP}6${SEP})?1${SEP}[3-9](?:${SEP}\\d){9}(?!\\d)`,
  'u',
);
const ID_18 = new RegExp(`(?<!\\d)(?=(${digits(17)}${SEP}[\\dXx]))`, 'gu');
const ID_15 = new RegExp(`(?<!\\d)(?=(${digits(15)}))`, 'gu');

const onlyDigits = (text: string) => text.replace(/[^\dXx]/g, '').toUpperCase();

function plausibleDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1900 && year <= 2099;
}

function looksLikeId18(id: string): boolean {
  return /^[1-8]/.test(id) && plausibleDate(+id.slice(6, 10), +id.slice(10, 12), +id.slice(12, 14));
}

function looksLikeId15(id: string): boolean {
  return /^[1-8]/.test(id) && plausibleDate(1900 + +id.slice(6, 8), +id.slice(8, 10), +id.slice(10, 12));
}

/** Candidates of one length: every digit-boundary start whose digits end on a boundary too. */
function* candidates(text: string, pattern: RegExp, after: RegExp): Generator<string> {
  for (const match of text.matchAll(pattern)) {
    const end = match.index + match[1].length;
    if (!after.test(text.slice(end, end + 1))) yield onlyDigits(match[1]);
  }
}

export function containsPersonalNumber(text: string): boolean {
  const normal = normalizeDigits(text);
  if (MOBILE.test(normal)) return true;
  for (const id of candidates(normal, ID_18, /[\dXx]/)) if (looksLikeId18(id)) return true;
  for (const id of candidates(normal, ID_15, /\d/)) if (looksLikeId15(id)) return true;
  return false;
}

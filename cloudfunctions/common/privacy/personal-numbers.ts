/**
 * Finds a mainland mobile number (with or without +86 / 0086) or a resident ID number (18 digits,
 * the last may be X, or the old 15-digit form) however it is written: in full-width, circled or
 * Chinese digits (幺 included), inside a pasted link, and split into groups by anything people put
 * between digit groups.
 *
 * The text (normalised: normalize.ts) is read as groups of digits and the gaps between them:
 * - a short gap — at most three spaces, line breaks or punctuation marks of any kind (, ， 、 。 - /
 *   ( ) : and the rest) — joins its neighbours however the digits are grouped: 1 3 8 1 2 3 4 …;
 * - a longer gap — more spaces or punctuation, or a few words (中间是, 转, 然后) — joins them only
 *   where the groups have a shape these numbers are written in (138 1234 5678, 110101 19900307 1234);
 * - a gap that says its number is a quantity breaks: a unit right after the digits (元, 床, 楼, 号,
 *   天…), a money or order word right before them (费, 共, 第…), a currency or percent sign, a
 *   time's colon, anything else (other letters, longer text); and a date stands apart.
 * A number counts only as whole groups (a long invoice number does not hide a "mobile number"
 * inside it). A candidate ID must look like one (a region code starting 1–8, a plausible birth
 * date) so that dates and counts are not mistaken for one; the check digit is not required, since a
 * mistyped ID is still somebody's ID.
 *
 * What this refuses by design: a bare list of amounts with no unit, written in a phone number's
 * groups (150，1200，3400) reads exactly like one; adding 元 makes it pass.
 */
import { normalizeDigits } from './normalize';

/** A run of digits; an ID number's last character may be X, run into it or standing apart. */
const GROUP = /\d+[Xx]?|(?<![A-Za-z])[Xx]/g;
/** A date (2026-05-01, 2026.05.01, 2026/05/01) is never part of a mobile number (an ID holds one). */
const DATE = /(?<!\d)(?:19|20)\d\d([-./])(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])(?!\d)/g;
const APART = '\uE000';
/** Spaces, line breaks, punctuation and symbols: what may stand between the groups of one number. */
const SEPARATOR = /^[\s\p{P}\p{S}]$/u;
/** Never between the groups of one number: a currency sign, percent, per mille, degrees, a time's colon. */
const QUANTITY_SIGN = /[\p{Sc}%‰°:]/u;
const WORD_CHARACTER = /[\p{Script=Han}A-Za-z]/u;
/** The gap begins with one of these: the digits before it counted something. */
const UNIT_AFTER =
  /^[元块角毛分岁天日号月年周次床楼层室栋幢座单门区路街巷弄村组段期排张份页盒片粒支瓶袋包克斤升毫米千百万亿十倍折成点时小秒个位人间台届度级型例项条笔套对双本样种剂针遍回趟站道家户口只]|^(?:kg|g|mg|ml|cm|mm|km|h|min|rmb)\b/i;
/** The gap ends with one of these: the digits after it are an amount, a total or a rank. */
const LABEL_BEFORE = /[第共约计总费钱款价额金]$/;
const TIGHT_GAP = 3;
const LOOSE_GAP = { length: 16, words: 6 };
/** Longest run of digits a number can take: an ID (18), or 0086 and a mobile (15). */
const LONGEST = 18;

type Gap = 'tight' | 'loose' | 'break';

/** How a gap between two groups joins them. */
function gapKind(gap: string): Gap {
  const characters = [...gap];
  if (QUANTITY_SIGN.test(gap) || characters.length > LOOSE_GAP.length) return 'break';
  const words = characters.filter((c) => WORD_CHARACTER.test(c)).join('');
  const separators = characters.filter((c) => SEPARATOR.test(c)).length;
  if (words.length + separators !== characters.length) return 'break'; // something else stands between
  if (!words) return characters.length <= TIGHT_GAP ? 'tight' : 'loose';
  if (words.length > LOOSE_GAP.words || UNIT_AFTER.test(words) || LABEL_BEFORE.test(words)) return 'break';
  return 'loose';
}

/** The groups of digits of a text and the gaps between them (gaps[i] lies after groups[i]). */
function groupsOf(text: string): { groups: string[]; gaps: Gap[] } {
  const groups: string[] = [];
  const gaps: Gap[] = [];
  let end = -1;
  for (const match of text.matchAll(GROUP)) {
    if (groups.length) gaps.push(gapKind(text.slice(end, match.index)));
    groups.push(match[0].toUpperCase());
    end = match.index + match[0].length;
  }
  return { groups, gaps };
}

/** The ways these numbers are written in groups, as group lengths. */
const MOBILE_SHAPES = new Set(['11', '3,4,4', '3,8', '7,4']);
const ID_SHAPES = new Set(['18', '6,8,4', '6,4,4,4', '6,12', '14,4', '17,1', '15', '6,6,3', '6,9', '12,3']);

function plausibleDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1900 && year <= 2099;
}

const isMobile = (digits: string) => /^1[3-9]\d{9}$/.test(digits);

function isId(digits: string): boolean {
  if (/^[1-8]\d{16}[\dX]$/.test(digits))
    return plausibleDate(+digits.slice(6, 10), +digits.slice(10, 12), +digits.slice(12, 14));
  if (/^[1-8]\d{14}$/.test(digits))
    return plausibleDate(1900 + +digits.slice(6, 8), +digits.slice(8, 10), +digits.slice(10, 12));
  return false;
}

/** The group lengths of the digits after the first `skip` (a country code before a mobile). */
function shapeAfter(groups: string[], skip: number): string {
  const lengths = groups.map((g) => g.length);
  while (skip > 0) {
    if (lengths[0] <= skip) skip -= lengths.shift()!;
    else {
      lengths[0] -= skip;
      skip = 0;
    }
  }
  return lengths.join(',');
}

type Kind = 'id' | 'mobile';

/** Whether these consecutive groups write a number of this kind; `anyShape` when all gaps are short. */
function writes(kind: Kind, groups: string[], anyShape: boolean): boolean {
  const digits = groups.join('');
  if (digits.slice(0, -1).includes('X')) return false;
  if (kind === 'id') return isId(digits) && (anyShape || ID_SHAPES.has(shapeAfter(groups, 0)));
  // +86 / 0086 may stand before a mobile number, as groups of their own or run into it.
  const country = /^(?:00)?86/.exec(digits)?.[0] ?? '';
  return [...new Set(['', country])].some(
    (prefix) =>
      isMobile(digits.slice(prefix.length)) &&
      (anyShape || MOBILE_SHAPES.has(shapeAfter(groups, prefix.length))),
  );
}

/** Whether some consecutive groups of the (normalised) text write a number of this kind. */
function finds(kind: Kind, text: string): boolean {
  const { groups, gaps } = groupsOf(text);
  for (let start = 0; start < groups.length; start++) {
    let length = 0;
    let anyShape = true;
    for (let end = start; end < groups.length; end++) {
      length += groups[end].length;
      if (length > LONGEST) break;
      if (end > start) {
        const gap = gaps[end - 1];
        if (gap === 'break') break;
        if (gap === 'loose') anyShape = false;
      }
      if (writes(kind, groups.slice(start, end + 1), anyShape)) return true;
    }
  }
  return false;
}

export function containsPersonalNumber(text: string): boolean {
  const normal = normalizeDigits(text);
  return finds('id', normal) || finds('mobile', normal.replace(DATE, APART));
}

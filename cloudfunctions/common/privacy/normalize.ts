/**
 * Text as a reader would read it, for the personal-number scan only (what is stored is the user's
 * own text, minus invisible characters): percent-encoded characters of a pasted link are decoded,
 * full-width forms and circled digits become ASCII (NFKC), Chinese digit characters become digits,
 * and zero-width characters and the parts of keycap emoji (1️⃣) disappear.
 */

/** Characters that take no space on screen: zero-width space / non-joiner / joiner, word joiner, BOM, soft hyphen, Mongolian vowel separator. */
export const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g;

/** A keycap emoji is a digit, a variation selector and U+20E3: only the digit stays. */
const KEYCAP_PARTS = /[\uFE0E\uFE0F\u20E3]/g;

/**
 * Digits as they are written or read aloud in Chinese: 〇/零/洞, 一…九, the financial forms 壹…玖
 * (simplified and traditional), 幺 (1, as a phone number is read), 两 (2) and 拐 (7, read aloud).
 * Only single digits: 十/百/千 never appear in a phone or ID number.
 */
const CHINESE_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  洞: '0',
  一: '1',
  壹: '1',
  幺: '1',
  二: '2',
  贰: '2',
  貳: '2',
  两: '2',
  兩: '2',
  三: '3',
  叁: '3',
  參: '3',
  叄: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  陸: '6',
  七: '7',
  拐: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};
const CHINESE_DIGIT = new RegExp(`[${Object.keys(CHINESE_DIGITS).join('')}]`, 'g');

export function removeZeroWidth(text: string): string {
  return text.replace(ZERO_WIDTH, '');
}

/** `%31%33%38` in a pasted link, as the link reads: each run decoded, left as is when invalid. */
function decodePercentRuns(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** The text with every way of writing a digit turned into an ASCII digit. */
export function normalizeDigits(text: string): string {
  return decodePercentRuns(removeZeroWidth(text).replace(KEYCAP_PARTS, ''))
    .normalize('NFKC')
    .replace(CHINESE_DIGIT, (c) => CHINESE_DIGITS[c]);
}

/**
 * Text as a reader would read it, for the personal-number scan only (what is stored is the user's
 * own text, minus invisible characters): full-width forms and circled digits become ASCII (NFKC),
 * Chinese digit characters become digits, and zero-width characters disappear.
 */

/** Characters that take no space on screen: zero-width space / non-joiner / joiner, word joiner, BOM, soft hyphen, Mongolian vowel separator. */
export const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g;

/**
 * Digits as they are written or read aloud in Chinese: 〇/零, 一…九, the financial forms 壹…玖
 * (simplified and traditional), 幺 (1, as a phone number is read) and 两 (2). Only single digits:
 * 十/百/千 never appear in a phone or ID number.
 */
const CHINESE_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
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

/** The text with every way of writing a digit turned into an ASCII digit. */
export function normalizeDigits(text: string): string {
  return removeZeroWidth(text)
    .normalize('NFKC')
    .replace(CHINESE_DIGIT, (c) => CHINESE_DIGITS[c]);
}

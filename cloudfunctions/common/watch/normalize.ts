/**
 * Is a stored quote still on its page? Both sides are brought to one form first, so that only a
 * change of wording counts: the page's HTML becomes text (tags, scripts and entities gone), then
 * both are folded — full-width to half-width and compatibility characters (NFKC), pinyin glosses
 * such as 報(bào)銷 dropped, every space and punctuation mark dropped. A quote not found as is is
 * looked for again with both sides converted from traditional to simplified characters (OpenCC),
 * for sites that serve a converted 繁體 page. A quote may leave text out with "…": each part must
 * then be on the page, in order.
 */
import { decode } from 'html-entities';
import { Converter } from 'opencc-js/t2cn';

/** Markup that holds no page text. */
const HIDDEN = /<(script|style|noscript|template|head)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;
const TAG = /<\/?[a-zA-Z][^>]*>/g;

/** The visible text of an HTML page, entities decoded (tags become nothing: spaces are dropped later anyway). */
export function htmlToText(html: string): string {
  return decode(html.replace(HIDDEN, ' ').replace(TAG, ' '));
}

/** A parenthesised gloss in pinyin, with or without tone marks: (bào), （bao4 xiao1）. */
const PINYIN_LETTERS = 'a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ';
const PINYIN_GLOSS = new RegExp(
  `[(（](?=[^)）]*[${PINYIN_LETTERS}])[${PINYIN_LETTERS}1-5'\\s]{1,40}[)）]`,
  'g',
);
/** Whitespace, punctuation and symbols of any script (，。、“”：；…—·％ and their ASCII forms). */
const NOT_TEXT = /[\s\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]+/gu;
/** How a quote marks text it leaves out. */
const ELLIPSIS = /…+|\.{3,}|。{3,}/;

export function fold(text: string): string {
  return text.normalize('NFKC').replace(PINYIN_GLOSS, '').replace(NOT_TEXT, '');
}

let toSimplified: ((text: string) => string) | undefined;
/** Traditional → simplified (OpenCC's own tables; built on first use, they are large). */
function simplified(text: string): string {
  toSimplified ??= Converter({ from: 't', to: 'cn' });
  return toSimplified(text);
}

/** The folded parts of a quote that must appear, in order. */
function partsOf(quote: string, convert: boolean): string[] {
  return quote
    .split(ELLIPSIS)
    .map((part) => fold(convert ? simplified(part.normalize('NFKC')) : part))
    .filter(Boolean);
}

function containsInOrder(page: string, parts: string[]): boolean {
  let at = 0;
  for (const part of parts) {
    const found = page.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return parts.length > 0;
}

/** A page's text, folded once and (only if needed) converted once, for checking many quotes. */
export class PageText {
  private readonly plain: string;
  private converted: string | undefined;

  constructor(private readonly text: string) {
    this.plain = fold(text);
  }

  static fromHtml(html: string): PageText {
    return new PageText(htmlToText(html));
  }

  /** How many Chinese characters the page shows: an article has hundreds, a check page a few. */
  get hanCount(): number {
    return this.plain.match(/\p{Script=Han}/gu)?.length ?? 0;
  }

  has(quote: string): boolean {
    if (containsInOrder(this.plain, partsOf(quote, false))) return true;
    this.converted ??= fold(simplified(this.text.normalize('NFKC')));
    return containsInOrder(this.converted, partsOf(quote, true));
  }

  /** The keys of the quotes that are not on the page. */
  missing(quotes: Record<string, string>): string[] {
    return Object.keys(quotes).filter((key) => !this.has(quotes[key]));
  }
}

/**
 * Characters that make a text display other than it reads: control characters (C0, DEL, C1),
 * bidirectional embeddings, overrides, isolates and marks (a right-to-left override can make a note
 * show reversed), other invisible format characters such as tag characters, line/paragraph
 * separators, and unpaired surrogates (half an emoji, shown as a box or breaking a JSON encoder).
 * Zero-width characters are not refused: they are removed (see withoutInvisible). A line feed and
 * a tab are the control characters allowed: notes are written in a multi-line box, or pasted.
 */
import { removeZeroWidth, ZERO_WIDTH } from './normalize';

const UNSAFE = /(?![\n\t])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;

export function hasUnsafeCharacter(text: string): boolean {
  return UNSAFE.test(removeZeroWidth(text));
}

/** The text without zero-width characters, except a joiner inside an emoji sequence (👨‍👩‍👧). */
export function withoutInvisible(text: string): string {
  return text.replace(ZERO_WIDTH, (c: string, offset: number) =>
    c === '\u200D' && EMOJI_BEFORE.test(text.slice(0, offset)) && EMOJI_AFTER.test(text.slice(offset + 1))
      ? c
      : '',
  );
}

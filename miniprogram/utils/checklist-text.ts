/**
 * The checklist in words: as plain text for a family chat (with each item's hint), the lines under
 * each item (who ticked, whose change stood), the filing dates, and the poster — laid out first so
 * the canvas can be sized before anything is drawn (resizing a 2D canvas clears it).
 */
import type { ChecklistConflict, ChecklistItemView, ChecklistView } from '../services/api';
import { termText } from '../shared/labels';
import { chineseDate, shortTime } from './format';

type TextSource = Pick<ChecklistView, 'title' | 'items' | 'validity'>;

/**
 * 备案有效期至 2027年5月21日（从11月18日办好起算）, or '' when there is nothing to say. `short`:
 * without the explanation, for the poster.
 */
export function validityText(validity: ChecklistView['validity'], short = false): string {
  if (!validity) return '';
  if (!validity.until && !validity.term) return '长期备案，没有到期日';
  const term = validity.term ? ` ${termText(validity.term)}` : '';
  const until = chineseDate(validity.until);
  const atLeast = validity.untilIsMinimum ? '（至少）' : '';
  if (validity.basis === 'if_filed_today') {
    if (short || !until) return `备案办好后有效${term}${atLeast}`;
    return `备案办好后有效${term}${atLeast}：如果今天办好，到 ${until}。勾选“办理备案”时填上办好的日子，到期日和提醒就从那天算。`;
  }
  const since =
    validity.basis === 'filed' ? `从${chineseDate(validity.filedOn).slice(5)}办好起算` : '从就医日期起算';
  const lasts = validity.untilIsMinimum ? `备案至少有效到 ${until}` : `备案有效期至 ${until}`;
  return short ? lasts : `${lasts}（${since}）`;
}

/** What ending a checklist means: the owner deletes it for everyone, a member only leaves it. */
export const ENDING = {
  owner: {
    title: '删除这份清单？',
    content: '删除后您和家人都看不到它了，也不能恢复。',
    confirm: '删除',
    done: '已删除',
  },
  member: {
    title: '退出这份清单？',
    content: '退出后您就看不到它了；需要时请创建者重新分享给您。',
    confirm: '退出',
    done: '已退出',
  },
} as const;

/** "家人1 11月22日 10:00 勾选" under a ticked item. */
export function whoTicked(item: ChecklistItemView): string {
  return item.done && item.doneBy ? `${item.doneBy} ${shortTime(item.doneAt)} 勾选` : '';
}

/** Whose change stood when the caller's came second. */
export function conflictText(conflict: ChecklistConflict, item: ChecklistItemView | undefined): string {
  if (conflict.what === 'note')
    return `${conflict.by}刚刚改了这条备注，以${conflict.by}写的为准。您写的还在输入框里，看过后可以改好再保存。`;
  const what = item?.done ? '勾选了' : '取消了勾选';
  return `${conflict.by}刚刚已经${what}这一项，以${conflict.by}的修改为准。`;
}

export function checklistText(list: TextSource): string {
  const lines = [list.title];
  for (const item of list.items) {
    lines.push(`${item.done ? '☑' : '☐'} ${item.label}`);
    if (item.hint) lines.push(`   ${item.hint}`);
    if (item.note) lines.push(`   备注：${item.note}`);
  }
  const validity = validityText(list.validity);
  if (validity) lines.push(validity);
  lines.push('——来自「异地就医备案助手」小程序');
  return lines.join('\n');
}

/** The drawing calls the poster makes, satisfied by a canvas 2D context. */
export interface PosterContext {
  fillStyle: string | unknown;
  font: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  drawImage(image: unknown, x: number, y: number, w: number, h: number): void;
}

export interface PosterInput {
  title: string;
  done: number;
  total: number;
  /** The items still to do, first first. */
  nextSteps: string[];
  validity: string;
  /** With the checklist's own code: a scanner joins it. */
  withCode: boolean;
}

interface PosterText {
  text: string;
  y: number;
  font: string;
  color: string;
}

export interface PosterLayout {
  width: number;
  height: number;
  texts: PosterText[];
  progress: { y: number; share: number };
  code: { x: number; y: number; size: number } | null;
}

const WIDTH = 750;
const MARGIN = 48;
const FONTS = {
  brand: '28px sans-serif',
  title: 'bold 44px sans-serif',
  body: '32px sans-serif',
  small: '28px sans-serif',
};
const MAX_STEPS = 5;
const CODE_SIZE = 300;

/** Punctuation that may not begin a line (a lone "）" under a title): it takes a character with it. */
const NO_LINE_START = new Set(Array.from('）)」』】》〉，。、；：！？”’…·'));

/**
 * Breaks a text into lines no wider than `width`, a character at a time (Chinese has no spaces).
 * Closing punctuation never starts a line: the character before it moves down with it.
 */
export function wrap(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of Array.from(text)) {
    if (line && measure(line + char) > width) {
      const chars = Array.from(line);
      // Carry the last character (and any punctuation run before the break) down with it.
      let keep = chars.length - 1;
      while (keep > 0 && NO_LINE_START.has(char) && NO_LINE_START.has(chars[keep])) keep--;
      if (NO_LINE_START.has(char) && keep > 0) {
        lines.push(chars.slice(0, keep).join(''));
        line = chars.slice(keep).join('') + char;
      } else {
        lines.push(line);
        line = char;
      }
    } else line += char;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Where everything goes, and so how tall the poster is: measured before the canvas is sized.
 * `measure(text, font)` is the canvas's measureText width for that font.
 */
export function layoutPoster(
  input: PosterInput,
  measure: (text: string, font: string) => number,
): PosterLayout {
  const texts: PosterText[] = [];
  const inner = WIDTH - 2 * MARGIN;
  let y = 72;
  const add = (text: string, font: string, color: string, lineHeight: number) => {
    for (const line of wrap(text, inner, (t) => measure(t, font))) {
      texts.push({ text: line, y, font, color });
      y += lineHeight;
    }
  };
  add('异地就医备案清单', FONTS.brand, '#0052d9', 56);
  add(input.title, FONTS.title, '#1a1a1a', 60);
  y += 8;
  add(`已完成 ${input.done} / ${input.total} 项`, FONTS.body, '#14532d', 40);
  const progress = { y, share: input.total ? input.done / input.total : 0 };
  y += 56;
  if (input.nextSteps.length) {
    add('接下来要做：', FONTS.body, '#1a1a1a', 52);
    for (const step of input.nextSteps.slice(0, MAX_STEPS)) add(`☐ ${step}`, FONTS.body, '#1a1a1a', 50);
    const more = input.nextSteps.length - MAX_STEPS;
    if (more > 0) add(`……还有 ${more} 项`, FONTS.small, '#4b5563', 46);
  } else add('全部完成了！', FONTS.body, '#14532d', 52);
  if (input.validity) {
    y += 8;
    add(input.validity, FONTS.small, '#4b5563', 42);
  }
  y += 24;
  const code = input.withCode ? { x: (WIDTH - CODE_SIZE) / 2, y, size: CODE_SIZE } : null;
  if (code) y += CODE_SIZE + 56;
  if (input.withCode) {
    add('微信扫一扫，和家人一起勾选', FONTS.small, '#4b5563', 42);
    // Whoever scans the code joins: said where anyone who sees the picture reads it.
    add('只发给家人：谁扫这个码都能加入清单', FONTS.small, '#a8071a', 42);
  } else add('微信搜索「异地就医备案助手」查看和勾选', FONTS.small, '#4b5563', 42);
  return { width: WIDTH, height: y + 24, texts, progress, code };
}

/** Draws a laid-out poster. The canvas must already be `layout.width` × `layout.height`. */
export function drawPoster(ctx: PosterContext, layout: PosterLayout, codeImage: unknown | null): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.fillStyle = '#e5e7eb';
  ctx.fillRect(MARGIN, layout.progress.y, layout.width - 2 * MARGIN, 16);
  ctx.fillStyle = '#0052d9';
  ctx.fillRect(MARGIN, layout.progress.y, (layout.width - 2 * MARGIN) * layout.progress.share, 16);
  for (const t of layout.texts) {
    ctx.font = t.font;
    ctx.fillStyle = t.color;
    ctx.fillText(t.text, MARGIN, t.y);
  }
  if (layout.code && codeImage)
    ctx.drawImage(codeImage, layout.code.x, layout.code.y, layout.code.size, layout.code.size);
}

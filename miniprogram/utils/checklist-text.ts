/** The checklist as plain text (to paste into a family chat) and as poster lines. */
import type { ChecklistView } from '../services/api';

export function checklistText(list: Pick<ChecklistView, 'title' | 'items' | 'validUntil'>): string {
  const lines = [
    list.title,
    ...list.items.map((i) => `${i.done ? '☑' : '☐'} ${i.label}${i.note ? `（备注：${i.note}）` : ''}`),
  ];
  if (list.validUntil) lines.push(`备案有效期至 ${list.validUntil}`);
  lines.push('——来自「异地就医备案助手」小程序');
  return lines.join('\n');
}

/** Minimal drawing surface, satisfied by a canvas 2d context. */
export interface PosterContext {
  fillStyle: string | unknown;
  font: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

/** Draws the poster: title, each item with its tick, the validity; returns the height used. */
export function drawPoster(
  ctx: PosterContext,
  list: Pick<ChecklistView, 'title' | 'items' | 'validUntil'>,
  width: number,
): number {
  const lineHeight = 56;
  const height = 200 + list.items.length * lineHeight + 120;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1a1a1a';
  ctx.font = 'bold 40px sans-serif';
  ctx.fillText(list.title, 40, 80);
  ctx.font = '32px sans-serif';
  list.items.forEach((item, i) =>
    ctx.fillText(`${item.done ? '☑' : '☐'} ${item.label}`, 40, 170 + i * lineHeight),
  );
  ctx.fillStyle = '#4b5563';
  ctx.font = '28px sans-serif';
  const foot = 170 + list.items.length * lineHeight + 30;
  if (list.validUntil) ctx.fillText(`备案有效期至 ${list.validUntil}`, 40, foot);
  ctx.fillText('微信搜索「异地就医备案助手」查看和勾选', 40, foot + 50);
  return height;
}

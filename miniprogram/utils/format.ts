/** Display helpers: fractions as percentages, 元, dates. */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

export function percentRange(range: { min: number; max: number } | undefined): string {
  if (!range) return '';
  return range.min === range.max ? percent(range.min) : `${percent(range.min)}～${percent(range.max)}`;
}

export function yuan(amount: number): string {
  return `${amount.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;
}

export function yuanRange(range: { min: number; max: number } | undefined): string {
  if (!range) return '';
  return range.min === range.max ? yuan(range.min) : `${yuan(range.min)}～${yuan(range.max)}`;
}

/** 2026-12-01 → 2026年12月1日 */
export function chineseDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2025-04-01 → 2025年4月 */
export function yearMonth(iso: string): string {
  const [y, m] = iso.slice(0, 7).split('-').map(Number);
  return `${y}年${m}月`;
}

/** An ISO timestamp as 月日 时:分 in China time. */
export function shortTime(iso: string | undefined): string {
  if (!iso) return '';
  const t = new Date(Date.parse(iso) + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** 2026-12-01 plus n days, in the calendar (no time zone can shift it). */
export function addDaysIso(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

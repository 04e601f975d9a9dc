/** How both store adapters keep the source watch's reports (the `watch` collection). */
import { watchReportSchema, type WatchReport } from '../watch/report';

/** Reports kept: half a year of weekly runs, for an operator to look back on. Readers use the newest. */
export const WATCH_REPORTS_KEPT = 26;

/** One document per run; recording the same run twice writes the same document. */
export const watchDocId = (report: WatchReport) => `watch-${Date.parse(report.checkedAt)}`;

/** A stored report as it was recorded, or null (the reason in the log) when the document is not one. */
export function storedReport(row: Record<string, unknown> | null | undefined): WatchReport | null {
  if (!row) return null;
  const { _id: _ignored, ...report } = row;
  const parsed = watchReportSchema.safeParse(report);
  if (parsed.success) return parsed.data;
  console.error(`watch: stored document ${String(row._id)} is not a report: ${parsed.error.message}`);
  return null;
}

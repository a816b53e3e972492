/** Dates as people read them, in their own locale and time zone. */
export function formatDateTime(epochSec: number): string {
  return new Date(epochSec * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Rewrites server-rendered `<time datetime>` elements (UTC text) into the reader's local time. */
export function localiseTimes(root: ParentNode): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
    const ms = Date.parse(time.dateTime);
    if (Number.isFinite(ms)) time.textContent = formatDateTime(ms / 1000);
  }
}

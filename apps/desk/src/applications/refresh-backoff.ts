const FIRST_REFRESH_S = 2;
const LAST_REFRESH_S = 30;

/** The pending page reloads itself after 2 s, then each time half as long again, up to 30 s (an open tab must not poll intake every 2 s for ever). */
export function nextRefreshSeconds(current: number | undefined): { now: number; next: number } {
  const now = current !== undefined && Number.isInteger(current) && current >= FIRST_REFRESH_S ? Math.min(current, LAST_REFRESH_S) : FIRST_REFRESH_S;
  return { now, next: Math.min(LAST_REFRESH_S, Math.ceil(now * 1.5)) };
}

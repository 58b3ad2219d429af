import type { KindCounts } from '../domain/summary';

/** The toolbar button's badge (`action` in MV3, `browserAction` in Firefox's MV2). */
export interface BadgeAction {
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setBadgeText(details: { text: string }): Promise<void>;
}

/** Today's deposits on the toolbar button; no badge while there are none. */
export function badgeRefresher(
  action: BadgeAction,
  events: Promise<{ todayCounts(): Promise<KindCounts> }>,
): () => Promise<void> {
  return async () => {
    const today = await (await events).todayCounts();
    const deposits = today.dmp_upload;
    await action.setBadgeBackgroundColor({ color: '#1d4ed8' });
    await action.setBadgeText({ text: deposits > 0 ? String(deposits) : '' });
  };
}

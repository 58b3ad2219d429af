import { describe, expect, it, vi } from 'vitest';
import { badgeRefresher } from '@/lib/background/badge';
import { EVENT_KINDS } from '@/lib/domain/events';
import type { KindCounts } from '@/lib/domain/summary';

function counts(deposits: number): KindCounts {
  return { ...(Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as KindCounts), dmp_upload: deposits };
}

function setup(deposits: number) {
  const action = { setBadgeBackgroundColor: vi.fn(async () => {}), setBadgeText: vi.fn(async () => {}) };
  const events = { todayCounts: vi.fn(async () => counts(deposits)) };
  return { action, events, refresh: badgeRefresher(action, Promise.resolve(events)) };
}

describe('the toolbar badge', () => {
  it("shows today's deposits", async () => {
    const { action, refresh } = setup(7);
    await refresh();
    expect(action.setBadgeBackgroundColor).toHaveBeenCalledWith({ color: '#1d4ed8' });
    expect(action.setBadgeText).toHaveBeenCalledWith({ text: '7' });
  });

  it('is blank while there are none (other events do not show)', async () => {
    const { action, refresh } = setup(0);
    await refresh();
    expect(action.setBadgeText).toHaveBeenCalledWith({ text: '' });
  });

  it('reads the counts again at each refresh', async () => {
    const { events, refresh } = setup(1);
    await refresh();
    await refresh();
    expect(events.todayCounts).toHaveBeenCalledTimes(2);
  });
});

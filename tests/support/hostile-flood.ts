import type { Page } from 'playwright-core';
import type { ChromiumSession } from './chromium';

/**
 * The hostile page's flood (tests/fixtures/hostile.ts): a burst of 20,000 mutations, then a
 * 3 s stream of 50 nodes every 5 ms, on one page. Measures the page's own timer lag during each
 * and the renderer's script and task time. `npm run bench` compares a watched host with one
 * nobody watches; the hostile e2e runs it for what must hold whatever the timing.
 */

export interface FloodFigures {
  /** The page timer's longest wait during the burst (ms). */
  burstLagMs: number;
  /** The longest wait, and the 95th percentile, during the stream (ms). */
  stream: { max: number; p95: number; samples: number };
  /** The renderer's script and task time over the whole flood (ms). */
  scriptMs: number;
  taskMs: number;
}

interface HostileFlood {
  burst(n: number): number;
  stream(ms: number): Promise<number>;
  startLag(): void;
  stopLag(): { max: number; p95: number; samples: number };
}

/** Floods the page at `url`; `ready` waits for the extension on a watched page. */
export async function flood(
  session: ChromiumSession,
  url: string,
  ready?: (page: Page) => Promise<unknown>,
): Promise<FloodFigures> {
  const page = await session.context.newPage();
  const cdp = await session.context.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    await page.goto(url);
    if (ready) await ready(page);
    else await page.waitForTimeout(300);
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metrics();
    const result = await page.evaluate(async () => {
      const h = (window as unknown as { __hostile: HostileFlood }).__hostile;
      h.startLag();
      h.burst(20_000);
      await new Promise((r) => setTimeout(r, 200));
      const burstLag = h.stopLag();
      h.startLag();
      await h.stream(3_000);
      await new Promise((r) => setTimeout(r, 200));
      return { burstLag: burstLag.max, stream: h.stopLag() };
    });
    const after = await metrics();
    return {
      burstLagMs: result.burstLag,
      stream: result.stream,
      scriptMs: ((after.ScriptDuration ?? 0) - (before.ScriptDuration ?? 0)) * 1000,
      taskMs: ((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000,
    };
  } finally {
    await cdp.detach();
    await page.close();
  }
}

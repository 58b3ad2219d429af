import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../support/chromium';
import { DMP_HOST, UNMATCHED_HOST, type FixtureServer } from '../support/fixture-server';

export interface HostRun {
  scriptMs: number;
  taskMs: number;
}

/**
 * One run of the heavy page's workload: load, then 2 s of mutations and 40 trusted clicks.
 * Script and task time come from the renderer's own counters (DevTools Performance domain),
 * which include the content script's work on the page's main thread.
 */
async function runWorkload(page: Page, url: string): Promise<HostRun> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  await page.waitForTimeout(300);
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { script: get('ScriptDuration'), task: get('TaskDuration') };
  };
  const before = await metric();
  const workload = page.evaluate(() =>
    (window as unknown as { runWorkload(ms: number): Promise<number> }).runWorkload(2000),
  );
  // Trusted clicks at fixed points on rows near the top (the overlay sits in a free corner).
  const points = await page.evaluate(() =>
    Array.from(document.querySelectorAll('button.voir'))
      .slice(0, 12)
      .map((b) => {
        const r = b.getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2] as [number, number];
      }),
  );
  for (let i = 0; i < 40; i++) await page.mouse.click(...points[i % points.length]!);
  await workload;
  const after = await metric();
  await cdp.detach();
  return { scriptMs: (after.script - before.script) * 1000, taskMs: (after.task - before.task) * 1000 };
}

/**
 * The same heavy page in one browser with the extension: on a host the extension watches and
 * on one it does not, alternating, so both sides share the machine's state of the moment.
 */
export async function measureHostOverhead(session: ChromiumSession, server: FixtureServer, rounds: number) {
  const watched = server.url(DMP_HOST, '/bench/heavy');
  const unwatched = server.url(UNMATCHED_HOST, '/bench/heavy');
  const page = await session.context.newPage();
  const result = { with: [] as HostRun[], without: [] as HostRun[] };
  await runWorkload(page, watched); // warm-up
  await runWorkload(page, unwatched);
  for (let i = 0; i < rounds; i++) {
    result.without.push(await runWorkload(page, unwatched));
    result.with.push(await runWorkload(page, watched));
  }
  await page.close();
  return result;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TimeSpan } from '../../lib/domain/spans';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { readAllStorage } from '../support/extension-data';
import { DMP_HOST, startFixtureServer, type FixtureServer } from '../support/fixture-server';

/** The idle threshold set through the dashboard for this suite, and what follows from it. */
const IDLE_S = 15;
const INTERVAL_S = IDLE_S / 4; // lib/domain/settings.ts heartbeatIntervalMs
const SLACK_S = 1.5; // message delivery and the test's own steps

describe('time spent on DMP pages (Chromium)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let ext: Page;

  const dmpSeconds = async () => {
    const spans = ((await readAllStorage(ext))['idb:suivi-dmp:spans'] ?? []) as TimeSpan[];
    return spans.filter((s) => s.activity === 'dmp').reduce((sum, s) => sum + (s.end - s.start) / 1000, 0);
  };
  /** Trusted input on a page, once a second, for `seconds`. */
  const workOn = async (page: Page, seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      await page.mouse.move(200 + (i % 5) * 20, 300 + (i % 3) * 15);
      await page.waitForTimeout(1000);
    }
  };
  /** The open span reaches the database on each heartbeat: wait one beat before reading. */
  const settled = () => new Promise((r) => setTimeout(r, (INTERVAL_S + SLACK_S) * 1000));

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchChromium();
    // The threshold is a user setting, changed here as a user does, in the dashboard.
    const dashboard = await session.openExtensionPage('dashboard.html');
    const idle = dashboard.getByLabel("Inactivité avant d'arrêter le compte du temps (secondes)");
    await idle.fill(String(IDLE_S));
    await idle.press('Tab');
    await dashboard.getByText('Réglage enregistré.').waitFor();
    await dashboard.close();
    ext = await session.openExtensionPage('popup.html');
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('counts the time a user works on a DMP page, within one heartbeat', async () => {
    const page = await session.context.newPage();
    await new DmpWalker(page, server).openPatientList();
    const before = await dmpSeconds();
    const started = Date.now();
    await workOn(page, 12);
    const elapsed = (Date.now() - started) / 1000;
    await settled();
    const counted = (await dmpSeconds()) - before;
    expect(counted).toBeGreaterThan(elapsed - INTERVAL_S - SLACK_S);
    expect(counted).toBeLessThan(elapsed + INTERVAL_S + SLACK_S);
    await page.close();
  });

  it('stops counting once the user is idle', async () => {
    const page = await session.context.newPage();
    await new DmpWalker(page, server).openPatientList();
    await workOn(page, 3);
    const before = await dmpSeconds();
    // Nothing for 25 s: heartbeats go on for the idle threshold, then stop.
    await page.waitForTimeout(25_000);
    const counted = (await dmpSeconds()) - before;
    expect(counted).toBeLessThan(IDLE_S + INTERVAL_S + SLACK_S);
    expect(counted).toBeGreaterThan(IDLE_S - 2 * INTERVAL_S - SLACK_S);
    const after = await dmpSeconds();
    await page.waitForTimeout(2 * INTERVAL_S * 1000);
    expect(await dmpSeconds()).toBe(after);
    await page.close();
  });

  it('never counts two tabs at once', async () => {
    const a = await session.context.newPage();
    const b = await session.context.newPage();
    await new DmpWalker(a, server).openPatientList();
    await b.goto(server.url(DMP_HOST, '/dmp/recapitulatif?patient=2'));
    await new DmpWalker(b, server).overlayReady();
    const before = await dmpSeconds();
    const started = Date.now();
    for (let i = 0; i < 6; i++) {
      await a.bringToFront();
      await workOn(a, 1);
      await b.bringToFront();
      await workOn(b, 1);
    }
    const elapsed = (Date.now() - started) / 1000;
    await settled();
    const counted = (await dmpSeconds()) - before;
    // Wall-clock time once (both tabs sent heartbeats all along), not twice.
    expect(counted).toBeLessThan(elapsed + INTERVAL_S + SLACK_S);
    expect(counted).toBeGreaterThan(elapsed - 2 * INTERVAL_S - SLACK_S);
    await a.close();
    await b.close();
  });

  it('goes on counting across a restart of the background service worker', async () => {
    const page = await session.context.newPage();
    await new DmpWalker(page, server).openPatientList();
    const before = await dmpSeconds();
    const started = Date.now();
    await workOn(page, 5);
    // Stopped through the DevTools protocol, from one of the extension's own pages.
    const cdp = await session.context.newCDPSession(ext);
    const statuses: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) =>
      statuses.push(...versions.map((v) => v.runningStatus)),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await workOn(page, 6);
    // It was stopped, then started again by the next heartbeat.
    expect(statuses).toContain('stopped');
    expect(statuses.lastIndexOf('running')).toBeGreaterThan(statuses.indexOf('stopped'));
    const elapsed = (Date.now() - started) / 1000;
    await settled();
    const counted = (await dmpSeconds()) - before;
    expect(counted).toBeGreaterThan(elapsed - INTERVAL_S - SLACK_S);
    expect(counted).toBeLessThan(elapsed + INTERVAL_S + SLACK_S);
    await cdp.detach();
    await page.close();
  });

  it("shows today's DMP time in the popup", async () => {
    const seconds = await dmpSeconds();
    await ext.reload();
    const shown = await ext.getByTestId('today-minutes').locator('dd').textContent();
    expect(shown).toBe(`${Math.round(seconds / 60)} min`);
  });
});

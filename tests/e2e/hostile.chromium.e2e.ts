import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DmpEvent } from '../../lib/domain/events';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { readAllStorage } from '../support/extension-data';
import { DMP_HOST, WEDA_HOST, startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { overlayText, overlayReady } from '../support/overlay-probe';
import { flood } from '../support/hostile-flood';

/**
 * A hostile page (tests/fixtures/hostile.ts) under the DMP web access host and under a watched
 * practice program (Weda), against the production build: synthetic clicks and submits, fake
 * success messages, floods of mutations, attempts to read or alter the overlay and to reach
 * the extension's storage and messaging. Nothing is counted and nothing leaks to the page. How
 * much a flood of mutations costs the page, against a host nobody watches, is measured by
 * `npm run bench`.
 */

type HostileWindow = Window & {
  __hostile: {
    syntheticDeposit(): void;
    syntheticShare(): void;
    fakeSuccess(): Promise<number>;
    probeOverlay(): Record<string, unknown>;
    alterOverlay(): string;
    probeExtension(id: string): Promise<Record<string, unknown>>;
    errors: string[];
  };
};

const DMP_PAGE = '/dmp/ajoutdocument?hostile=dmp&patient=1';
const PROGRAM_PAGE = '/FolderMedical/CourrierForm.aspx?hostile=program&PatDk=1';

describe('a hostile page (Chromium, production build)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let ext: Page;
  /** Every stored record that counts, with its undone flag, before the hostile pages. */
  let baseline: string;

  const snapshot = async () => {
    const all = await readAllStorage(ext);
    const events = ((all['idb:suivi-dmp:events'] ?? []) as DmpEvent[])
      .map((e) => `${e.id}:${e.kind}:${e.undone ?? false}`)
      .sort();
    const unconfirmed = ((all['idb:suivi-dmp:unconfirmed'] ?? []) as Array<{ id: string }>)
      .map((u) => u.id)
      .sort();
    return JSON.stringify({ events, unconfirmed });
  };

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchChromium();
    ext = await session.openExtensionPage('popup.html');
    // One real count first, so that an undo forced by the page would show.
    const page = await session.context.newPage();
    const walker = new DmpWalker(page, server);
    await walker.openPatientList();
    await walker.openRecord(0);
    await page.close();
    baseline = await snapshot();
    expect(baseline).toContain('dmp_consult');
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('DMP web access: a deposit made entirely by page script counts nothing', async () => {
    const page = await session.context.newPage();
    const accepted = server.accepted;
    await page.goto(server.url(DMP_HOST, DMP_PAGE));
    await overlayReady(page);
    await page.evaluate(() => (window as unknown as HostileWindow).__hostile.syntheticDeposit());
    await page.waitForURL(/demandeconfirmationactiondocument/);
    await overlayReady(page);
    await page.evaluate(() => (document.querySelector('#accept') as HTMLElement).click());
    // The signature runs by itself.
    await page.waitForURL(/confirmationajout/);
    await overlayReady(page);
    // The DMP took the document (the page did deposit it), but no user did: nothing counted.
    expect(server.accepted).toBe(accepted + 1);
    expect(await snapshot()).toBe(baseline);
    expect(await overlayText(page)).not.toContain('Dépôt DMP compté');
    await page.close();
  });

  it('practice program: synthetic share clicks and success shown without a user count nothing', async () => {
    const page = await session.context.newPage();
    await page.goto(server.url(WEDA_HOST, PROGRAM_PAGE));
    await overlayReady(page);
    await page.evaluate(() => (window as unknown as HostileWindow).__hostile.syntheticShare());
    expect(await page.evaluate(() => (window as unknown as HostileWindow).__hostile.fakeSuccess())).toBe(200);
    await page.waitForTimeout(1_500);
    expect(await snapshot()).toBe(baseline);
    const text = await overlayText(page);
    expect(text).not.toMatch(/compté|En attente/);
    await page.close();
  });

  for (const [name, host, path] of [
    ['DMP web access', DMP_HOST, DMP_PAGE],
    ['practice program', WEDA_HOST, PROGRAM_PAGE],
  ] as const) {
    it(`${name}: the page cannot read or drive the overlay, nor reach the extension's storage or messaging`, async () => {
      const page = await session.context.newPage();
      await page.goto(server.url(host, path));
      await overlayReady(page);
      expect((await overlayText(page)).length).toBeGreaterThan(0);

      const overlay = await page.evaluate(() =>
        (window as unknown as HostileWindow).__hostile.probeOverlay(),
      );
      expect(overlay.found).toBe(true);
      // Closed shadow root, drawn from the isolated world: the page's patched attachShadow saw nothing.
      expect(overlay.shadowRoot).toBeNull();
      expect(overlay.captured).toEqual([]);
      expect(overlay.capturedText).toBe('');
      expect(overlay.text).toBe('||');
      expect(overlay.reattach).toBe('refused');
      expect(String(overlay.bodyText)).not.toMatch(/dépôt|lecture|Suivi DMP|aujourd/i);
      expect((overlay.attributes as string[]).filter((a) => !['data-ready', 'style'].includes(a))).toEqual(
        [],
      );

      const reach = await page.evaluate(
        (id) => (window as unknown as HostileWindow).__hostile.probeExtension(id),
        session.extensionId,
      );
      expect(reach.storage).toBe('undefined');
      expect(reach.browser).toBe('undefined');
      // No externally_connectable: the page has no way to message the extension.
      expect(reach.runtime).toBe('undefined');
      expect(reach.databases).toEqual([]);
      expect(reach.pageDbStores).toEqual([]);
      expect(reach.localStorage).toEqual([]);
      expect(reach.sessionStorage).toEqual([]);
      expect(reach.manifest).toBe('refused');

      // Removed and restyled by the page: nothing counted, nothing undone, the page goes on.
      expect(await page.evaluate(() => (window as unknown as HostileWindow).__hostile.alterOverlay())).toBe(
        'removed',
      );
      await page.waitForTimeout(800);
      expect(await snapshot()).toBe(baseline);
      expect(await page.evaluate(() => document.title)).toBeTruthy();
      await page.close();
    });
  }

  // The flood's cost in time is the benchmark's to measure (`npm run bench`, tests/support/hostile-flood.ts):
  // timings on this shared machine are no test. Here, what must hold whatever the timing.
  for (const [name, host, path] of [
    ['DMP web access', DMP_HOST, DMP_PAGE],
    ['practice program', WEDA_HOST, PROGRAM_PAGE],
  ] as const) {
    it(`${name}: a flood of mutations counts nothing, and the extension goes on working on the page`, async () => {
      const figures = await flood(session, server.url(host, path), overlayReady);
      console.info(`[hostile] ${name} flood, watched: ${JSON.stringify(figures)}`);
      // The page's timer ran all through the stream: the page was never frozen for good.
      expect(figures.stream.samples).toBeGreaterThan(0);
      expect(await snapshot()).toBe(baseline);
      // A page opened after the flood is still answered: the background was not swamped.
      const page = await session.context.newPage();
      await page.goto(server.url(host, path));
      await overlayReady(page);
      expect((await overlayText(page)).length).toBeGreaterThan(0);
      await page.close();
    });
  }
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { sensitiveStrings } from '../fixtures/fake-patients';
import { WEDA_CORPUS } from '../fixtures/programs/weda-pages';
import { formatReport, type PageResult } from '../support/corpus-runner';
import {
  expectFrenchInterface,
  launchFirefox,
  readAllStorage,
  type FirefoxSession,
} from '../support/firefox';
import { runCorpusInFirefox } from '../support/firefox-corpus';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

/**
 * Weda in Firefox ESR (production build): every Weda flow of the detection corpus, the safety
 * net's pages included (renamed panel, icon button, panel in an iframe, rule and net both
 * matching), through the real add-on, counted exactly as in Chromium.
 */
describe('Weda in Firefox ESR (production build)', () => {
  let server: FixtureServer;
  let session: FirefoxSession;
  let ext: Page;
  let results: PageResult[];

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchFirefox();
    ext = await session.openExtensionPage('popup.html');
    await expectFrenchInterface(ext);
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('counts every event of the Weda corpus exactly: no miss, no false positive', async () => {
    results = await runCorpusInFirefox(session, server, WEDA_CORPUS, ext);
    console.log(formatReport(results));
    for (const r of results) {
      expect(r.misses, `${r.id}: misses`).toEqual([]);
      expect(r.falsePositives, `${r.id}: false positives`).toEqual([]);
      expect(r.unconfirmed, `${r.id}: unconfirmed`).toBe(r.unconfirmedExpected);
    }
    expect(results.filter((r) => r.id.startsWith('weda-filet-'))).toHaveLength(4);
  }, 180_000);

  it("notes the safety net's catches in rule health, and keeps nothing about a patient", async () => {
    const all = await readAllStorage(ext);
    const stored = JSON.stringify(all);
    expect(stored).toContain('weda/net-deposit-in-dmp-region');
    expect(stored).toContain('weda/net-deposit-own-label');
    for (const secret of sensitiveStrings()) expect(stored).not.toContain(secret);
  });
});

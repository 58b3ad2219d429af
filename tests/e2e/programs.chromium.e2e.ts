import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CORPUS } from '../fixtures/programs/corpus';
import { DIALOG_HOST } from '../fixtures/programs/dialog';
import { FAILING_HOST } from '../fixtures/programs/failing';
import { sensitiveStrings } from '../fixtures/fake-patients';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { formatReport, runCorpus, type PageResult } from '../support/corpus-runner';
import { readAllStorage, readEvents } from '../support/extension-data';
import { WEDA_HOST, startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { overlayText, overlayReady } from '../support/overlay-probe';
import { clickInClosedShadow } from '../support/shadow';
import { addSiteInDashboard, grantHostInChromeSettings } from '../support/sites';

/** Chrome's extension API, as seen inside the extension's own pages (page.evaluate). */
declare const chrome: {
  scripting: {
    getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[]; allFrames?: boolean }>>;
  };
  permissions: {
    getAll(): Promise<{ origins?: string[] }>;
    contains(p: { origins: string[] }): Promise<boolean>;
  };
};

/**
 * Practice programs in Chromium (production build): the detection corpus (user sites added
 * through the dashboard, iframes, SPA navigation, synthetic clicks, a send that never gets an
 * answer), encounters, the "non confirmés" list, teaching a button, removing a site, privacy.
 */
describe('practice programs in Chromium (production build)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let ext: Page;
  let results: PageResult[];

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchChromium();
    ext = await session.openExtensionPage('popup.html');
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('counts every event of the corpus exactly: no miss, no false positive', async () => {
    results = await runCorpus(session, server, CORPUS, ext);
    console.log(formatReport(results));
    for (const r of results) {
      expect(r.misses, `${r.id}: misses`).toEqual([]);
      expect(r.falsePositives, `${r.id}: false positives`).toEqual([]);
      expect(r.unconfirmed, `${r.id}: unconfirmed`).toBe(r.unconfirmedExpected);
    }
  }, 300_000);

  it('registers the content scripts of the added sites, with access to those hosts only', async () => {
    const registered = await ext.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    const spa = registered.find((r) => r.id === 'suivi-site-app.medispa.test');
    expect(spa?.allFrames).toBe(true);
    expect([...(spa?.matches ?? [])].sort()).toEqual([
      'http://app.medispa.test/*',
      'https://app.medispa.test/*',
    ]);
    expect(registered.map((r) => r.id).sort()).toEqual(
      [
        'app.medispa.test',
        'cabinet-cadre.test',
        'lgc-composants.test',
        'lgc-dialogue.test',
        'lgc-echec.test',
      ].map((h) => `suivi-site-${h}`),
    );
    const origins = await ext.evaluate(async () => (await chrome.permissions.getAll()).origins);
    expect(origins).toContain('https://lgc-dialogue.test/*');
    expect(origins).not.toContain('https://*/*');
  });

  it("shows each rule's health in the dashboard: when it last matched and was confirmed", async () => {
    const dashboard = await session.openExtensionPage('dashboard.html');
    const share = dashboard.locator('li[data-site="weda"] tr[data-rule-health="share-panel-send"]');
    await expect.poll(() => share.getAttribute('data-state')).toBe('ok');
    expect(await share.locator('td').nth(1).textContent()).not.toBe('jamais');
    // What became of its attempts: weda-panneau's four sends, weda-panneau-echec's failure.
    expect(await share.locator('td[data-counts]').textContent()).toMatch(
      /^\d+ déclenchée\(s\) : \d+ confirmée\(s\), [1-9]\d* en échec, 0 sans réponse$/,
    );
    // The safety net's catches on Weda (renamed panel, icon button, panel in an iframe) are
    // flagged for the adapter's keeper; its third rule, which caught nothing, is fine.
    for (const [rule, state] of [
      ['net-deposit-in-dmp-region', 'caught'],
      ['net-deposit-own-label', 'caught'],
      ['net-deposit-in-dmp-panel', 'ok'],
    ] as const) {
      const row = dashboard.locator(`li[data-site="weda"] tr[data-rule-health="${rule}"]`);
      expect(await row.getAttribute('data-state'), rule).toBe(state);
      expect(await row.textContent(), rule).toContain('filet de sécurité');
    }
    // A site used today on which a rule never matched: flagged, to teach the button.
    const unused = dashboard.locator(
      'li[data-site="custom:app.medispa.test"] tr[data-rule-health="deposit-in-dmp-panel"]',
    );
    // The "site in use" mark is written after the page's first message: reopen until it is there.
    await expect
      .poll(
        async () => {
          await dashboard.reload();
          return unused.getAttribute('data-state', { timeout: 5_000 });
        },
        { timeout: 15_000 },
      )
      .toBe('never');
    await dashboard.close();
  });

  it('links the events of one consultation with a random encounter id; the next patient opens another', async () => {
    // weda-consultation: a record postback and the return from a printed letter stay in the
    // consultation opened from the agenda; the next patient from the agenda starts another.
    const page = results.find((r) => r.id === 'weda-consultation')!;
    const [letter, upload, billed, next] = page.encounters;
    expect(letter).toMatch(/^[0-9a-f-]{36}$/);
    expect([upload, billed]).toEqual([letter, letter]);
    expect(next).toMatch(/^[0-9a-f-]{36}$/);
    expect(next).not.toBe(letter);
    const events = await readEvents(ext);
    expect(events.find((e) => e.kind === 'encounter' && e.encounter === letter)!.id).toBe(`enc:${letter}`);
  });

  it("shows the consultation's counts in the overlay", async () => {
    const page = await session.context.newPage();
    await page.goto(server.url(WEDA_HOST, '/FolderMedical/PatientViewForm.aspx?PatDk=2'));
    await overlayReady(page);
    await page.goto(server.url(WEDA_HOST, '/FolderMedical/CourrierForm.aspx?PatDk=2'));
    await overlayReady(page);
    await page.locator('.panelDmp button').click();
    await expect.poll(() => overlayText(page)).toContain('Dépôt DMP compté');
    expect(await overlayText(page)).toContain('Cette consultation : Dépôt DMP 1');

    // The month's rate in the overlay is the popup's: the same percentage, numerator and
    // denominator (one computation, lib/domain/feeding-rate.ts).
    const popup = await session.openExtensionPage('popup.html');
    // overlayText folds every space, the no-break one of "100 %" too: so does this.
    const popupRate = (await popup.getByTestId('month-rate').locator('.rate-value').textContent())!
      .replace(/\s+/g, ' ')
      .trim();
    const popupFraction = (await popup.getByTestId('month-rate-fraction').textContent())!;
    await popup.close();
    const [, numerator, denominator] = popupFraction.match(/(\d+)\D+?(\d+)/)!;
    const month = (await overlayText(page)).match(/Mois : (.+?) · .*?: (\d+) sur (\d+)/);
    expect(month, await overlayText(page)).not.toBeNull();
    expect([month![1], month![2], month![3]]).toEqual([popupRate, numerator, denominator]);
    await page.close();
  });

  it('lists the send that never got an answer in the dashboard, to confirm or dismiss; the overlay says "non confirmé" while it waits', async () => {
    const dashboard = await session.openExtensionPage('dashboard.html');
    // The corpus leaves two: this send, and a Weda imaging request never printed.
    const row = dashboard.locator('#unconfirmed tr[data-unconfirmed]', { hasText: FAILING_HOST });
    await expect.poll(() => dashboard.locator('#unconfirmed tr[data-unconfirmed]').count()).toBe(2);
    await expect.poll(() => row.count()).toBe(1);
    const id = await row.getAttribute('data-unconfirmed');
    await row.getByRole('button', { name: 'Confirmer' }).click();
    await expect.poll(() => row.count()).toBe(0);
    const confirmed = (await readEvents(ext)).find((e) => e.id === id);
    expect(confirmed).toMatchObject({ kind: 'dmp_upload', site: `custom:${FAILING_HOST}`, source: 'auto' });

    // While such a send waits, the overlay says so; closing the tab files it as unconfirmed.
    const page = await session.context.newPage();
    await page.goto(server.url(FAILING_HOST, '/documents'));
    await overlayReady(page);
    await page.locator('#silencieux').click();
    await expect.poll(() => overlayText(page)).toContain('non confirmé');
    await page.close();
    await dashboard.reload();
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Ignorer' }).click();
    await expect.poll(() => row.count()).toBe(0);

    // On Weda, a send only the safety net caught and nothing answered: listed the same way,
    // under the net's rule id (what the diagnostics show).
    const weda = await session.context.newPage();
    await weda.goto(server.url(WEDA_HOST, '/FolderMedical/CourrierForm.aspx?PatDk=1&icone=1&muet=1'));
    await overlayReady(weda);
    await weda.locator('#partagerMes').click();
    await expect.poll(() => overlayText(weda)).toContain('non confirmé');
    await weda.close();
    await dashboard.reload();
    const netRow = dashboard.locator('#unconfirmed tr[data-unconfirmed]', { hasText: 'filet de sécurité' });
    await expect.poll(() => netRow.count()).toBe(1);
    expect(await netRow.textContent()).toContain('weda · filet de sécurité');
    const stored = (await readAllStorage(ext))['idb:suivi-dmp:unconfirmed'] as Array<{ ruleId: string }>;
    // Beside the imaging request the corpus left unprinted.
    expect(stored.map((u) => u.ruleId).sort()).toEqual(['costly-imaging-request', 'net-deposit-own-label']);
    await netRow.getByRole('button', { name: 'Ignorer' }).click();
    await expect.poll(() => netRow.count()).toBe(0);
    await dashboard.close();
  });

  it('teaches a button with the picker, then counts it; the dashboard renames, tests and deletes the rule', async () => {
    const page = await session.context.newPage();
    await page.goto(server.url(DIALOG_HOST, '/transferts'));
    await overlayReady(page);
    // Unknown to the heuristic: a click counts nothing.
    const before = (await readEvents(ext)).length;
    await page.getByRole('button', { name: 'Transférer' }).click();
    await page.getByText('Transfert effectué').waitFor();
    await page.waitForTimeout(300);
    expect((await readEvents(ext)).length).toBe(before);

    await clickInClosedShadow(page, 'suivi-dmp-overlay', 'button', /^Apprendre un bouton$/);
    await page.waitForFunction(() => document.querySelector('suivi-dmp-picker') !== null);
    // Escape cancels; start again.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('suivi-dmp-picker') === null);
    await clickInClosedShadow(page, 'suivi-dmp-overlay', 'button', /^Apprendre un bouton$/);
    await page.waitForFunction(() => document.querySelector('suivi-dmp-picker') !== null);
    const notifs = await page.locator('#notifs p').count();
    await page.getByRole('button', { name: 'Transférer' }).hover();
    await page.getByRole('button', { name: 'Transférer' }).click();
    // The picking click never reached the page.
    await page.waitForTimeout(400);
    expect(await page.locator('#notifs p').count()).toBe(notifs);
    // The picker's form: "Dépôt DMP" is the first choice; the success text, then Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.type('Transfert effectué');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('suivi-dmp-picker') === null);

    const stored = await readAllStorage(ext);
    const taught = stored['idb:suivi-dmp:taughtRules'] as Array<Record<string, string>>;
    expect(taught).toHaveLength(1);
    expect(taught[0]).toMatchObject({ host: DIALOG_HOST, event: 'dmp_upload' });
    expect(taught[0]!.selector).toContain('[data-action="transferer"]');
    expect(taught[0]!.selector).not.toMatch(/nth-|:nth/);

    await page.getByRole('button', { name: 'Transférer' }).click();
    await expect
      .poll(async () => (await readEvents(ext)).filter((e) => e.source === 'taught').length)
      .toBe(1);
    expect((await readEvents(ext)).find((e) => e.source === 'taught')).toMatchObject({
      kind: 'dmp_upload',
      site: `custom:${DIALOG_HOST}`,
    });
    // "Imprimer" is not the taught button.
    await page.getByRole('button', { name: 'Imprimer' }).click();
    await page.waitForTimeout(600);
    expect((await readEvents(ext)).filter((e) => e.source === 'taught')).toHaveLength(1);

    const dashboard = await session.openExtensionPage('dashboard.html');
    const rule = dashboard.locator('#taught tr[data-rule]');
    await expect.poll(() => rule.count()).toBe(1);
    await rule.locator('input').fill('Transfert vers le DMP');
    await rule.getByRole('button', { name: 'Renommer' }).click();
    await dashboard.reload();
    await expect.poll(() => rule.locator('input').inputValue()).toBe('Transfert vers le DMP');
    expect(await rule.textContent()).not.toContain('jamais');
    await rule.getByRole('button', { name: 'Tester sur la page' }).click();
    await expect
      .poll(() => dashboard.locator('#taught [role="status"]').textContent())
      .toContain('Éléments trouvés sur la page : 1');
    await rule.getByRole('button', { name: 'Supprimer' }).click();
    await expect.poll(() => rule.count()).toBe(0);
    await dashboard.close();
    await page.close();
  });

  it('removes a site: its script and its access go, its pages are no longer watched; added again, an open page is watched at once', async () => {
    const dashboard = await session.openExtensionPage('dashboard.html');
    await dashboard
      .locator(`li[data-site="custom:${DIALOG_HOST}"]`)
      .getByRole('button', { name: 'Retirer' })
      .click();
    await expect.poll(() => dashboard.locator(`li[data-site="custom:${DIALOG_HOST}"]`).count()).toBe(0);
    expect(
      await ext.evaluate(() => chrome.permissions.contains({ origins: ['https://lgc-dialogue.test/*'] })),
    ).toBe(false);
    const ids = await ext.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id),
    );
    expect(ids).not.toContain(`suivi-site-${DIALOG_HOST}`);
    const page = await session.context.newPage();
    await page.goto(server.url(DIALOG_HOST, '/consultation'));
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => document.querySelector('suivi-dmp-overlay'))).toBeNull();

    // Added again while that page is open: it is watched at once, without a reload.
    await grantHostInChromeSettings(session, DIALOG_HOST);
    await addSiteInDashboard(dashboard, DIALOG_HOST);
    await overlayReady(page);
    const before = (await readEvents(ext)).length;
    await page.locator('#verser').click();
    await page.locator('[role="dialog"] .ok').click();
    await expect.poll(async () => (await readEvents(ext)).length).toBe(before + 1);
    await page.close();
    await dashboard.close();
  });

  it('keeps no patient name, identifier, birth date, title or file name anywhere', async () => {
    const stored = JSON.stringify(await readAllStorage(ext));
    expect(stored).toContain('dmp_upload');
    for (const secret of sensitiveStrings()) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/PatDk|patient=/);
  });

  it('makes a diagnostic of the whole corpus that holds none of it either', async () => {
    const dashboard = await session.openExtensionPage('dashboard.html');
    const reply = (await dashboard.evaluate(() =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage({ type: 'diagnostic_get' }),
    )) as { ok: boolean; diagnostic: { rules: unknown[]; unconfirmed: Array<{ control?: unknown }> } };
    expect(reply.ok).toBe(true);
    expect(reply.diagnostic.rules.length).toBeGreaterThan(5);
    expect(reply.diagnostic.unconfirmed.some((u) => u.control)).toBe(true);
    const text = JSON.stringify(reply.diagnostic);
    for (const secret of sensitiveStrings()) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/PatDk|patient=|Scanner thoracique|IRM du rachis/);
    await dashboard.close();
  });
});

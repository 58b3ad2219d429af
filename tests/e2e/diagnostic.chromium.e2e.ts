import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { DiagnosticSchema, type Diagnostic } from '../../lib/domain/diagnostic';
import { localDay } from '../../lib/domain/calendar';
import { CORPUS } from '../fixtures/programs/corpus';
import { FAILING_HOST } from '../fixtures/programs/failing';
import { FAKE_PATIENTS, sensitiveStrings } from '../fixtures/fake-patients';
import { axeViolations } from '../support/axe';
import { chromiumSuite } from '../support/chromium-suite';
import { runCorpus } from '../support/corpus-runner';
import { SCREENSHOT_DIR } from '../support/paths';
import { addSite } from '../support/sites';
import { overlayReady } from '../support/overlay-probe';

/**
 * The diagnostic a doctor can send, in Chromium (production build): after a morning on Weda
 * fixture pages full of fake patients (sends confirmed and failed) and a send on a user site
 * that never got an answer, the dashboard's "Exporter un diagnostic" downloads a JSON file that
 * parses, gives each rule's figures and the unconfirmed click's control, and holds none of the
 * patients' names, identifiers, birth dates, titles or file names.
 */
describe('the diagnostic file (Chromium)', () => {
  const suite = chromiumSuite();
  let diagnostic: Diagnostic;
  let text: string;

  it('is downloaded from the dashboard after real detections, and parses', async () => {
    const pages = CORPUS.filter((p) =>
      ['weda-panneau', 'weda-panneau-echec', 'weda-retour-dossier'].includes(p.id),
    );
    const results = await runCorpus(suite.session, suite.server, pages, suite.ext);
    for (const r of results) expect(r.misses, r.id).toEqual([]);

    // A send that never gets an answer, its tab closed while it waits: filed as unconfirmed.
    await addSite(suite.session, FAILING_HOST);
    const page = await suite.session.context.newPage();
    await page.goto(suite.server.url(FAILING_HOST, '/documents'));
    await overlayReady(page);
    await page.locator('#silencieux').click();
    await page.waitForTimeout(300);
    await page.close();

    const dashboard = await suite.session.openExtensionPage('dashboard.html');
    await expect
      .poll(() => dashboard.locator('#unconfirmed tr[data-unconfirmed]').count(), { timeout: 10_000 })
      .toBe(1);
    const section = dashboard.locator('#diagnostic');
    expect(await section.textContent()).toContain('aucune donnée de patient');
    const [download] = await Promise.all([
      dashboard.waitForEvent('download'),
      section.getByRole('button', { name: 'Exporter un diagnostic' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`suivi-dmp-diagnostic-${localDay(Date.now())}.json`);
    text = readFileSync((await download.path())!, 'utf8');
    diagnostic = v.parse(DiagnosticSchema, JSON.parse(text));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await section.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-diagnostic.png') });
    // axe-core on the whole dashboard with its new section (and the costly acts' list), light and dark.
    const violations = [...(await axeViolations(dashboard))];
    await dashboard.emulateMedia({ colorScheme: 'dark' });
    await section.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-diagnostic-dark.png') });
    violations.push(...(await axeViolations(dashboard)));
    expect(violations).toEqual([]);
    await dashboard.close();
  }, 120_000);

  it("gives each rule's matches, confirmations, failures and time-outs", () => {
    const share = diagnostic.rules.find((r) => r.site === 'weda' && r.ruleId === 'share-panel-send')!;
    // weda-panneau: four sends confirmed; weda-panneau-echec: one failed (the disabled button,
    // the synthetic click and the secure-mail "Envoyer" never match).
    expect(share).toMatchObject({
      origin: 'builtin',
      event: 'dmp_upload',
      matches: 5,
      confirmations: 4,
      failures: 1,
      timeouts: 0,
    });
    const silent = diagnostic.rules.find((r) => r.site === `custom:${FAILING_HOST}` && r.timeouts > 0)!;
    expect(silent).toMatchObject({ origin: 'builtin', matches: 1, timeouts: 1 });
    expect(diagnostic.adapters.map((a) => a.id)).toContain('weda');
    expect(diagnostic.settings.sites.map((s) => s.host)).toContain(FAILING_HOST);
  });

  it("gives the unconfirmed click's stable selector and the structure around it, no text", () => {
    expect(diagnostic.unconfirmed).toHaveLength(1);
    const [u] = diagnostic.unconfirmed;
    expect(u).toMatchObject({ site: `custom:${FAILING_HOST}`, kind: 'dmp_upload' });
    expect(u!.control!.selector).toBe('button#silencieux');
    expect(u!.control!.chain[0]).toEqual({ tag: 'button', id: 'silencieux', classes: ['act'] });
    expect(u!.control!.chain.map((n) => n.tag)).toEqual(expect.arrayContaining(['li', 'ul']));
  });

  it('holds no patient name, identifier, birth date, document title or file name', () => {
    expect(text).toContain('share-panel-send');
    for (const secret of sensitiveStrings()) expect(text).not.toContain(secret);
    for (const p of FAKE_PATIENTS) expect(text.toLowerCase()).not.toContain(p.lastName.toLowerCase());
    expect(text).not.toMatch(/PatDk|patient=|Envoyer au DMP|Alimenter/);
  });
});

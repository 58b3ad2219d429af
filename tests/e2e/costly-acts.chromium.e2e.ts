import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS, type CorpusPage } from '../fixtures/programs/corpus';
import { sensitiveStrings } from '../fixtures/fake-patients';
import { chromiumSuite } from '../support/chromium-suite';
import { runCorpus } from '../support/corpus-runner';
import { readAllStorage } from '../support/extension-data';
import { WEDA_HOST } from '../support/fixture-server';
import { SCREENSHOT_DIR } from '../support/paths';

/**
 * Costly acts on Weda in Chromium (production build): an imaging request for a CT counts one,
 * an X-ray or a biology request does not, a request given up is left unconfirmed; then the
 * doctor's own list (a custom profile edited in the dashboard, MRI only) is what counts.
 */
describe('costly acts on Weda (Chromium)', () => {
  const suite = chromiumSuite();

  it('counts an imaging request for a CT, not an X-ray, an ultrasound nor a biology request', async () => {
    const pages = CORPUS.filter((p) => p.id.startsWith('weda-demande-'));
    expect(pages).toHaveLength(3);
    for (const r of await runCorpus(suite.session, suite.server, pages, suite.ext)) {
      expect(r.misses, r.id).toEqual([]);
      expect(r.falsePositives, r.id).toEqual([]);
      expect(r.unconfirmed, r.id).toBe(r.unconfirmedExpected);
    }
  }, 90_000);

  it("counts what the doctor's custom profile lists, edited in the dashboard", async () => {
    const dashboard = await suite.session.openExtensionPage('dashboard.html');
    const editor = dashboard.locator('form.custom-profile');
    // The default list: CT, MRI, PET.
    for (const [kind, on] of [
      ['ct', true],
      ['mri', true],
      ['pet', true],
      ['scintigraphy', false],
    ] as const)
      expect(await editor.locator(`input[data-costly="${kind}"]`).isChecked(), kind).toBe(on);
    await editor.locator('input[data-costly="ct"]').uncheck();
    await editor.locator('input[data-costly="pet"]').uncheck();
    await editor.getByRole('button', { name: 'Enregistrer et utiliser ce profil' }).click();
    await expect
      .poll(() => dashboard.getByTestId('costly-list').textContent())
      .toBe('Actes coûteux comptés : IRM');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await editor
      .locator('fieldset')
      .nth(1)
      .screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-costly-list.png') });
    await dashboard.close();

    const page = (id: string, nth: number, expected: CorpusPage['expected']): CorpusPage => ({
      id,
      markup: id,
      host: WEDA_HOST,
      userSite: false,
      steps: [
        { goto: '/FolderMedical/DemandeForm.aspx?PatDk=1&imagerie=1' },
        { click: '.glossaire a', nth },
        { click: '.popout-dynamic.level2', nav: true },
      ],
      expected: [...expected, { kind: 'document_produced', docClass: '57832-8' }],
      settleMs: 800,
    });
    const results = await runCorpus(
      suite.session,
      suite.server,
      [page('scanner-hors-liste', 1, []), page('irm-sur-liste', 2, [{ kind: 'costly_act' }])],
      suite.ext,
    );
    for (const r of results) {
      expect(r.misses, r.id).toEqual([]);
      expect(r.falsePositives, r.id).toEqual([]);
    }
  }, 90_000);

  it("keeps none of the request's text, nor any patient's data", async () => {
    const stored = JSON.stringify(await readAllStorage(suite.ext));
    expect(stored).toContain('costly_act');
    for (const secret of sensitiveStrings()) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/Scanner thoracique|IRM du rachis|Radiographie/);
  });
});

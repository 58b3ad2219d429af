/**
 * How long it takes to enable an unknown web program and teach it one button, walked through
 * in Chromium with the production build, with a pause per user action (a doctor reading the
 * screen). Writes screenshots to demo-output/teach-*.png and prints the timings.
 * Run: `npx wxt build && npx tsx tests/tools/teach-demo.ts [thinkMs]`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIALOG_HOST } from '../fixtures/programs/dialog';
import { launchChromium } from '../support/chromium';
import { startFixtureServer } from '../support/fixture-server';
import { ROOT } from '../support/paths';
import { clickInClosedShadow } from '../support/shadow';
import { grantHostInChromeSettings } from '../support/sites';
import { overlayReady } from '../support/overlay-probe';

const think = Number(process.argv[2] ?? 3000);
const out = join(ROOT, 'demo-output');
mkdirSync(out, { recursive: true });
const server = await startFixtureServer();
const session = await launchChromium();
const shot = async (page: import('playwright-core').Page, name: string) =>
  page.screenshot({ path: join(out, `teach-${name}.png`) });
let actions = 0;
const act = async <T>(what: () => Promise<T>): Promise<T> => {
  actions += 1;
  await new Promise((r) => setTimeout(r, think));
  return what();
};
try {
  const started = Date.now();
  const dashboard = await session.openExtensionPage('dashboard.html', { width: 1100, height: 800 });
  // The browser's prompt, answered "Autoriser" (headless: through Chrome's own site-access settings).
  await grantHostInChromeSettings(session, DIALOG_HOST);
  await act(() => dashboard.locator('#sites input[name="host"]').fill(DIALOG_HOST));
  await act(() => dashboard.locator('#sites button[type="submit"]').click());
  await dashboard.locator('#sites [role="status"]').filter({ hasText: DIALOG_HOST }).waitFor();
  await dashboard.locator('#sites').scrollIntoViewIfNeeded();
  await shot(dashboard, '1-site-ajoute');

  const page = await session.context.newPage();
  await act(() => page.goto(server.url(DIALOG_HOST, '/transferts')));
  await overlayReady(page);
  await shot(page, '2-page-avec-pastille');
  await act(() => clickInClosedShadow(page, 'suivi-dmp-overlay', 'button', /^Apprendre un bouton$/));
  await page.getByRole('button', { name: 'Transférer' }).hover();
  await page.waitForTimeout(200);
  await shot(page, '3-survol');
  await act(() => page.getByRole('button', { name: 'Transférer' }).click());
  await page.keyboard.press('Tab');
  await act(() => page.keyboard.type('Transfert effectué'));
  await shot(page, '4-que-fait-ce-bouton');
  await act(() => page.keyboard.press('Enter'));
  const taughtAt = Date.now();
  await act(() => page.getByRole('button', { name: 'Transférer' }).click());
  await page.waitForFunction(() => document.querySelector('suivi-dmp-overlay') !== null);
  await page.waitForTimeout(1200);
  await shot(page, '5-depot-compte');
  await dashboard.reload();
  await dashboard.locator('#taught tr[data-rule]').waitFor();
  await dashboard.locator('#taught').scrollIntoViewIfNeeded();
  await shot(dashboard, '6-boutons-appris');
  console.log(
    `${actions} user actions, ${think / 1000} s of reading before each: site enabled and button taught in ${((taughtAt - started) / 1000).toFixed(1)} s; first taught count ${((Date.now() - started) / 1000).toFixed(1)} s after the start.`,
  );
  console.log(`Screenshots: ${out}/teach-*.png`);
} finally {
  await session.close();
  await server.close();
}

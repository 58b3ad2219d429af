import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { freshProfileDir, launchChromium, type ChromiumSession } from '../support/chromium';
import { unpackedExtensionId } from '../support/extension-id';
import { readLocal } from '../support/extension-data';
import { CHROME_BUILD } from '../support/paths';

/**
 * A group practice's settings, read from Chromium's managed policy folder (docs/release.md):
 * the policy seeds the profile and the reminder, offers the practice's program on the welcome
 * page; a malformed policy is shown in words and changes nothing.
 *
 * The folder is machine-wide and other Chromium runs may share the machine: the policy is keyed
 * to the id of this test's own copy of the build (its path sets the id) and removed in `finally`.
 * Writing it needs root. In CI (CI set) a folder that cannot be written fails the test with the
 * reason; elsewhere the test is skipped with the reason printed, so a developer without root can
 * run the rest.
 */
const POLICY_DIR = process.env.CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';

function policyDirWritable(): string | null {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    const probe = join(POLICY_DIR, `.suivi-dmp-probe-${process.pid}`);
    writeFileSync(probe, '{}');
    rmSync(probe);
    return null;
  } catch (e) {
    return `cannot write Chromium's policy folder ${POLICY_DIR} (${(e as Error).message}); run as root, as CI does`;
  }
}

const notWritable = policyDirWritable();
if (notWritable && process.env.CI) throw new Error(notWritable);
if (notWritable) console.warn(`[managed.chromium] skipped: ${notWritable}`);

async function welcomeTab(context: BrowserContext): Promise<Page> {
  const open = context.pages().find((p) => p.url().includes('/welcome.html'));
  return (
    open ??
    context.waitForEvent('page', { predicate: (p) => p.url().includes('/welcome.html'), timeout: 10_000 })
  );
}

describe.skipIf(notWritable)("a group practice's policy (Chromium managed storage)", () => {
  const copy = join(mkdtempSync(join(tmpdir(), 'suivi-dmp-managed-')), 'chrome-mv3');
  let id = '';
  let policyFile = '';
  let session: ChromiumSession | undefined;
  const writePolicy = (settings: object) =>
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [id]: settings } } }));

  beforeAll(() => {
    cpSync(CHROME_BUILD, copy, { recursive: true });
    id = unpackedExtensionId(copy);
    policyFile = join(POLICY_DIR, `suivi-dmp-test-${id}.json`);
  });
  afterAll(async () => {
    await session?.close();
    rmSync(policyFile, { force: true });
    rmSync(copy, { recursive: true, force: true });
  });

  it("seeds the profile and the reminder, and offers the practice's program on the welcome page", async () => {
    writePolicy({ profileId: 'plfss-2026', programHost: 'logiciel.exemple.fr', exportReminder: false });
    try {
      session = await launchChromium({ extensionDir: copy, userDataDir: freshProfileDir(), welcome: 'keep' });
      expect(session.extensionId).toBe(id);
      const welcome = await welcomeTab(session.context);
      await expect(welcome.getByTestId('managed-program').textContent()).resolves.toContain(
        'logiciel.exemple.fr',
      );
      await expect(welcome.getByLabel('Adresse du logiciel').inputValue()).resolves.toBe(
        'logiciel.exemple.fr',
      );
      await expect
        .poll(() => readLocal(welcome, 'settings'))
        .toMatchObject({
          profileId: 'plfss-2026',
          exportReminder: false,
        });
      await welcome.reload();
      expect(await welcome.getByRole('radio', { name: /PLFSS 2026/ }).isChecked()).toBe(true);
      await expect(welcome.locator('.profile-choice', { hasText: 'PLFSS' }).innerText()).resolves.toContain(
        'Proposé par votre cabinet',
      );
      // The doctor may still choose otherwise: the policy seeds, it does not lock.
      await welcome.getByRole('radio', { name: /Obligation en vigueur/ }).check();
      await expect
        .poll(async () => ((await readLocal(welcome, 'settings')) as { profileId: string }).profileId)
        .toBe('in-force');
    } finally {
      rmSync(policyFile, { force: true });
    }
  });

  it('a malformed policy is shown in words and changes nothing', async () => {
    const dir = session!.userDataDir;
    await session!.close();
    writePolicy({ profileId: 'bogus', exportReminder: true });
    try {
      session = await launchChromium({ extensionDir: copy, userDataDir: dir, welcome: 'keep' });
      const dashboard = await session.openExtensionPage('dashboard.html#settings');
      await expect(dashboard.getByTestId('managed-problem').textContent()).resolves.toContain(
        'La configuration posée par votre cabinet est refusée (champ profileId)',
      );
      await dashboard.waitForTimeout(500); // the background's start has read the policy by now
      expect(await readLocal(dashboard, 'settings')).toMatchObject({
        profileId: 'in-force',
        exportReminder: false,
      });
    } finally {
      rmSync(policyFile, { force: true });
    }
  });
});

import type { Page } from 'playwright-core';
import { originsOf } from '../../lib/sites/origins';
import type { ChromiumSession } from './chromium';

/**
 * Adds a site as a user does: the dashboard's "Ajouter le site" click calls
 * `permissions.request` and then the background registers the content script.
 *
 * Headless Chromium cannot show the permission prompt (the request stays unanswered: checked)
 * and this build has no switch to auto-accept it. So the test gives its answer the other way a
 * user can: Chrome's own extension settings (chrome://extensions, "Accès au site" → "Sur des
 * sites spécifiques"), through the `developerPrivate` API that page uses. The dashboard's code
 * path is then the real one: the request is made from the click and answered "granted".
 */
export async function grantHostInChromeSettings(session: ChromiumSession, host: string): Promise<void> {
  const settings = await session.context.newPage();
  try {
    await settings.goto('chrome://extensions');
    for (const origin of originsOf(host)) {
      await settings.evaluate(
        ([id, pattern]) =>
          new Promise<void>((resolve, reject) => {
            const api = (
              globalThis as unknown as {
                chrome: {
                  developerPrivate: { addHostPermission(id: string, host: string, cb: () => void): void };
                  runtime: { lastError?: { message: string } };
                };
              }
            ).chrome;
            api.developerPrivate.addHostPermission(id!, pattern!, () =>
              api.runtime.lastError ? reject(new Error(api.runtime.lastError.message)) : resolve(),
            );
          }),
        [session.extensionId, origin],
      );
    }
  } finally {
    await settings.close();
  }
}

/** The dashboard's "add a site" form, clicked as a user does; resolves once the site is listed as added. */
export async function addSiteInDashboard(dashboard: Page, host: string): Promise<void> {
  // A user clicks in the tab in front: the browser answers a permission request from there.
  await dashboard.bringToFront();
  await dashboard.locator('#sites input[name="host"]').fill(host);
  await dashboard.locator('#sites button[type="submit"]').click();
  // Added: the site is in the list, with its own entry (read from the database again).
  const entry = dashboard.locator(`#sites li[data-site="custom:${host}"]`);
  await entry.waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
    // What the form said instead (a refusal, an error): the failure names it.
    const texts = await dashboard.locator('#sites [role="status"]').allTextContents();
    throw new Error(`adding ${host}: the form said ${JSON.stringify(texts)}`, { cause: error });
  });
}

export async function addSite(session: ChromiumSession, host: string): Promise<void> {
  await grantHostInChromeSettings(session, host);
  const dashboard = await session.openExtensionPage('dashboard.html');
  try {
    await addSiteInDashboard(dashboard, host);
  } finally {
    await dashboard.close();
  }
}

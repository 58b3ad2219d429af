import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { DmpEvent } from '../../lib/domain/events';
import { FIREFOX_ADDON_ID } from '../../wxt.config';
import { FAKE_FILE_NAMES, FAKE_TITLES } from '../fixtures/fake-patients';
import { DMP_HOST, FIXTURE_HOSTS, type FixtureServer } from './fixture-server';
import { FIREFOX_BUILD, FIREFOX_PATH } from './paths';
import { dumpExtensionStorage } from './storage-dump';

/**
 * The add-on's internal UUID, fixed through `extensions.webextensions.uuids` so that its pages
 * live at a known origin (Firefox otherwise draws a random one per profile).
 */
export const FIREFOX_EXTENSION_UUID = '5d0c6a2e-8f4b-4c1d-9e7a-3b2f1d6c8a90';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

/** The overlay host once the content script has mounted it and heard from the background. */
export const OVERLAY_READY = 'suivi-dmp-overlay[data-ready="1"]';

export interface FirefoxSession {
  browser: Browser;
  /** The add-on id Firefox reports for the installed build (the manifest's gecko id). */
  addonId: string;
  /** A new tab, blank. */
  newPage(): Promise<Page>;
  /** A new tab on a fixture page (the real host name, the fixture server's port). */
  openFixturePage(server: FixtureServer, path: string, host?: string): Promise<Page>;
  /** A new tab on an extension page, `popup.html` by default, once its content is there. */
  openExtensionPage(path?: string, readySelector?: string): Promise<Page>;
  /** A file on disk named as a fake patient's document, for `uploadFile`. */
  fakeDocument(n: number): string;
  close(): Promise<void>;
}

/**
 * Firefox ESR under WebDriver BiDi (puppeteer-core), headless, with the production Firefox
 * build installed as a temporary add-on, the fixture hosts resolved to the loopback fixture
 * server, its self-signed certificate accepted and the interface in French.
 *
 * The French interface needs Firefox's French language pack (Debian: firefox-esr-l10n-fr):
 * without it `intl.locale.requested` is ignored and the extension speaks English.
 */
export async function launchFirefox(
  options: {
    headless?: boolean;
    /**
     * Grants optional permissions without the prompt headless Firefox cannot show
     * (`extensions.webextOptionalPermissionPrompts` false): the dashboard's click still calls
     * `permissions.request`, which then resolves "granted", as if the user had accepted.
     */
    grantOptionalPermissions?: boolean;
  } = {},
): Promise<FirefoxSession> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: options.headless ?? true,
    acceptInsecureCerts: true,
    // Lets the remote protocol reach privileged documents: moz-extension:// pages included.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // The fixture hosts resolve to 127.0.0.1, where the fixture server listens.
      'network.dns.localDomains': FIXTURE_HOSTS.join(','),
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_EXTENSION_UUID }),
      'intl.locale.requested': 'fr',
      // A closed network: no update, telemetry or Safe Browsing traffic.
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.update.enabled': false,
      ...(options.grantOptionalPermissions ? { 'extensions.webextOptionalPermissionPrompts': false } : {}),
    },
  });
  const docsDir = mkdtempSync(join(tmpdir(), 'suivi-dmp-firefox-docs-'));
  try {
    const addonId = await browser.installExtension(FIREFOX_BUILD);
    return {
      browser,
      addonId,
      newPage: () => browser.newPage(),
      async openFixturePage(server, path, host = DMP_HOST) {
        const page = await browser.newPage();
        await page.goto(server.url(host, path));
        return page;
      },
      async openExtensionPage(
        path = 'popup.html',
        readySelector = path === 'popup.html' ? '[data-testid="today-uploads"] dd' : 'body',
      ) {
        const page = await browser.newPage();
        await gotoExtensionPage(page, path, readySelector);
        return page;
      },
      fakeDocument(n) {
        const file = join(docsDir, FAKE_FILE_NAMES[n % FAKE_FILE_NAMES.length]!);
        writeFileSync(file, '%PDF-1.4 fake\n');
        return file;
      },
      async close() {
        await browser.close();
        rmSync(docsDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser.close();
    rmSync(docsDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Loads an extension page in a tab. Under BiDi, `page.goto` of a moz-extension:// URL never
 * resolves, so it is not awaited: the page's own content says it has loaded.
 */
export async function gotoExtensionPage(page: Page, path: string, readySelector: string): Promise<void> {
  void page.goto(`${FIREFOX_EXTENSION_ORIGIN}/${path}`).catch(() => undefined);
  await page.waitForSelector(readySelector, { timeout: 10_000 });
}

/** Throws a clear error when Firefox lacks its French language pack. */
export async function expectFrenchInterface(extensionPage: Page): Promise<void> {
  const lang = await extensionPage.evaluate(() =>
    (
      globalThis as unknown as { browser: { i18n: { getUILanguage(): string } } }
    ).browser.i18n.getUILanguage(),
  );
  if (!lang.startsWith('fr')) {
    throw new Error(
      `Firefox's interface is "${lang}", not French: install its French language pack (Debian: apt-get install firefox-esr-l10n-fr).`,
    );
  }
}

/** Everything the extension stores, read from one of its own pages. */
export function readAllStorage(extensionPage: Page): Promise<Record<string, unknown>> {
  return extensionPage.evaluate(dumpExtensionStorage);
}

/** The stored events, oldest first. */
export async function readEvents(extensionPage: Page): Promise<DmpEvent[]> {
  const all = await readAllStorage(extensionPage);
  const events = (all['idb:suivi-dmp:events'] ?? []) as DmpEvent[];
  return events.sort((a, b) => a.at - b.at);
}

/** A popup figure (`today-uploads`, `month-reads`...) as shown. */
export function figure(popup: Page, testId: string): Promise<string | null | undefined> {
  // A figure is a <dd>, or the <span> of a one-line figure (today's failures).
  return popup
    .$eval(
      `[data-testid="${testId}"]`,
      (el) => (el.querySelector('dd') ?? el.querySelector('span'))?.textContent,
    )
    .catch(() => undefined);
}

/**
 * A user's walk through the DMP web access in Firefox, with trusted input only: puppeteer's
 * clicks and typing go through WebDriver BiDi's input actions, the file through `input.setFiles`.
 */
export class FirefoxDmpWalker {
  constructor(
    private readonly page: Page,
    private readonly server: FixtureServer,
    private readonly session: FirefoxSession,
    private readonly host = DMP_HOST,
  ) {}

  url(path: string): string {
    return this.server.url(this.host, path);
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(this.url(path));
    await this.overlayReady();
  }

  openPatientList(): Promise<void> {
    return this.goto('/mespatients/raz');
  }

  /**
   * Opens a patient's record from the list, as a doctor does (a DMP read); answers "Oui" when
   * the DMP asks to close another patient's record first (tests/fixtures/dmp-web.ts).
   */
  async openRecord(patientIndex: number): Promise<void> {
    await this.clickPatient(patientIndex);
    if (this.page.url().includes('confirmationouvertureautre')) await this.answerOtherRecord('Oui');
  }

  /**
   * Clicks a patient's link on the list; ends on the record summary, or on "Confirmation d'accès
   * à un autre DMP" when another patient's record is still open.
   */
  async clickPatient(patientIndex: number): Promise<void> {
    const links = await this.page.$$('a[id^="openDMPLink"]');
    const link = links[patientIndex];
    if (!link) throw new Error(`no patient at index ${patientIndex}`);
    await this.navigate(() => link.click(), /recapitulatif|confirmationouvertureautre/);
  }

  /** Where the tab is. */
  currentUrl(): URL {
    return new URL(this.page.url());
  }

  /** How many of the site's error messages the page shows. */
  errorsShown(): Promise<number> {
    return this.page.$$eval('.error', (errors) => errors.length);
  }

  /** Sends the filled form by a page script's click (untrusted), and accepts it. */
  async untrustedSubmitAndAccept(): Promise<void> {
    await this.navigate(
      () => this.page.evaluate(() => (document.querySelector('#submit') as HTMLButtonElement).click()),
      /demandeconfirmationactiondocument/,
    );
    await this.acceptAndWaitForSignature();
  }

  /** Answers "Confirmation d'accès à un autre DMP": either way, ends on a record summary. */
  async answerOtherRecord(answer: 'Oui' | 'Non'): Promise<void> {
    if (!this.page.url().includes('confirmationouvertureautre'))
      throw new Error(`not on the other-record question: ${this.page.url()}`);
    const link = answer === 'Oui' ? 'a[href*="confirmopendmp"]' : '#nonOuverture';
    await this.navigate(() => this.page.click(link), /recapitulatif/);
  }

  /** Opens the deposit form from the record summary. */
  async openDepositForm(): Promise<void> {
    await this.navigate(() => this.page.click('#ajoutDoc'), /ajoutdocument/);
  }

  /**
   * Fills the deposit form (opened from the summary unless already shown, refused included) with
   * a type, a title and a file that name the fake patient. `title: false` leaves the title
   * empty: the DMP refuses the form.
   */
  async fillDepositForm(typeLabel: string, n = 0, options: { title?: boolean } = {}): Promise<void> {
    if (!/ajoutdocument/.test(this.page.url())) await this.openDepositForm();
    const input = await this.page.$('input#file');
    if (!input) throw new Error('no file input on the deposit form');
    await input.uploadFile(this.session.fakeDocument(n));
    await this.page.select('#typeDocument', typeLabel);
    // Typed into an empty field (a refused form comes back empty, but be sure of it).
    await this.page.$eval('#TitreDocument', (el) => ((el as HTMLInputElement).value = ''));
    if (options.title !== false) await this.page.type('#TitreDocument', FAKE_TITLES[n % FAKE_TITLES.length]!);
  }

  /** Sends the form; the DMP refuses it (the form again, at its post address) or asks to confirm. */
  async submitForm(): Promise<'refused' | 'accepted'> {
    await this.navigate(
      () => this.page.click('#submit'),
      /ajoutdocument\.formajoutdocument|demandeconfirmationactiondocument/,
    );
    return this.page.url().includes('demandeconfirmationactiondocument') ? 'accepted' : 'refused';
  }

  /** Submits the form and accepts; the DMP signs by itself; ends on the confirmation (or error) page. */
  async submitAcceptAndSign(): Promise<void> {
    if ((await this.submitForm()) !== 'accepted') throw new Error('the deposit form was refused');
    await this.acceptAndWaitForSignature();
  }

  /** Confirms with `#accept`; the signature runs by itself; ends on the confirmation (or error) page. */
  async acceptAndWaitForSignature(): Promise<void> {
    const done = /confirmationajout|erreur/;
    await Promise.all([
      this.page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }),
      this.page.click('#accept'),
    ]);
    // The signature page posts itself a moment after it loads: wait for the page after it.
    while (!done.test(this.page.url())) {
      await this.page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 });
    }
    await this.overlayReady();
  }

  async deposit(typeLabel: string, n = 0): Promise<void> {
    await this.fillDepositForm(typeLabel, n);
    await this.submitAcceptAndSign();
  }

  /** Starts a deposit and cancels it on the confirmation step. */
  async depositThenCancel(typeLabel: string, n = 0): Promise<void> {
    await this.fillDepositForm(typeLabel, n);
    if ((await this.submitForm()) !== 'accepted') throw new Error('the deposit form was refused');
    await this.navigate(() => this.page.click('#annuler'), /recapitulatif/);
  }

  /** From the confirmation (or error) page, back to the record summary. */
  async backToRecord(): Promise<void> {
    await this.navigate(() => this.page.click('::-p-text(Retour au dossier)'), /recapitulatif/);
  }

  /** From the confirmation page, closes the record (`#closeDMPLink`): ends on the patient list. */
  async closeRecord(): Promise<void> {
    await this.navigate(() => this.page.click('#closeDMPLink'), /mespatients/);
  }

  /** The overlay is mounted once the content script has spoken to the background. */
  async overlayReady(): Promise<void> {
    await this.page.waitForSelector(OVERLAY_READY, { timeout: 10_000 });
  }

  /** Acts, waits for the navigation it starts to land on `url`, then for the overlay. */
  async navigate(act: () => Promise<unknown>, url: RegExp): Promise<void> {
    await Promise.all([this.page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }), act()]);
    if (!url.test(this.page.url())) {
      await this.page.waitForFunction(
        (source) => new RegExp(source).test(location.href) && document.readyState === 'complete',
        { timeout: 10_000 },
        url.source,
      );
    }
    await this.overlayReady();
  }
}

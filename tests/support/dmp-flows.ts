import type { Page } from 'playwright-core';
import { FAKE_FILE_NAMES, FAKE_TITLES } from '../fixtures/fake-patients';
import { DMP_HOST, type FixtureServer } from './fixture-server';
import { overlayReady } from './overlay-probe';

/**
 * A user's walk through the DMP web access (tests/fixtures/dmp-web.ts: the real chain and ids),
 * with real (trusted) clicks and typing.
 */
export class DmpWalker {
  constructor(
    private readonly page: Page,
    private readonly server: FixtureServer,
    private readonly host = DMP_HOST,
  ) {}

  url(path: string): string {
    return this.server.url(this.host, path);
  }

  async openPatientList(): Promise<void> {
    await this.page.goto(this.url('/mespatients/raz'));
    await this.overlayReady();
  }

  /**
   * Opens a patient's record from the list, as a doctor does (a DMP read). When another
   * patient's record is still open the site asks first: the doctor answers "Oui".
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
    await this.page.locator('a[id^="openDMPLink"]').nth(patientIndex).click();
    await this.page.waitForURL(/recapitulatif|confirmationouvertureautre/);
    await this.overlayReady();
  }

  /** Where the tab is. */
  currentUrl(): URL {
    return new URL(this.page.url());
  }

  /** How many of the site's error messages the page shows. */
  errorsShown(): Promise<number> {
    return this.page.locator('.error').count();
  }

  /** Sends the filled form by a page script's click (untrusted), and accepts it. */
  async untrustedSubmitAndAccept(): Promise<void> {
    await this.page.evaluate(() => (document.querySelector('#submit') as HTMLButtonElement).click());
    await this.page.waitForURL(/demandeconfirmationactiondocument/);
    await this.overlayReady();
    await this.acceptAndWaitForSignature();
  }

  /** Answers "Confirmation d'accès à un autre DMP". */
  async answerOtherRecord(answer: 'Oui' | 'Non'): Promise<void> {
    await this.page.waitForURL(/confirmationouvertureautre/);
    const link =
      answer === 'Oui' ? this.page.locator('a[href*="confirmopendmp"]') : this.page.locator('#nonOuverture');
    await link.click();
    await this.page.waitForURL(/recapitulatif/);
    await this.overlayReady();
  }

  /** Opens the deposit form from the record summary. */
  async openDepositForm(): Promise<void> {
    await this.page.locator('#ajoutDoc').click();
    await this.page.waitForURL(/ajoutdocument/);
    await this.overlayReady();
  }

  /**
   * Fills the deposit form with a type, a title and a file that name the fake patient.
   * `title: false` leaves the title empty: the site refuses the form.
   */
  async fillDepositForm(typeLabel: string, n = 0, options: { title?: boolean } = {}): Promise<void> {
    if (!/ajoutdocument/.test(this.page.url())) await this.openDepositForm();
    await this.page.setInputFiles('#file', {
      name: FAKE_FILE_NAMES[n % FAKE_FILE_NAMES.length]!,
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 fake'),
    });
    await this.page.selectOption('#typeDocument', typeLabel);
    await this.page.fill(
      '#TitreDocument',
      options.title === false ? '' : FAKE_TITLES[n % FAKE_TITLES.length]!,
    );
    await this.overlayReady();
  }

  /** Sends the form; the site refuses it (form shown again) or asks to confirm. */
  async submitForm(): Promise<'refused' | 'accepted'> {
    await this.page.locator('#submit').click();
    await this.page.waitForURL(/ajoutdocument\.formajoutdocument|demandeconfirmationactiondocument/);
    await this.overlayReady();
    return this.page.url().includes('demandeconfirmationactiondocument') ? 'accepted' : 'refused';
  }

  /** Confirms with `#accept`; the signature runs by itself. Ends on the confirmation (or error) page. */
  async acceptAndWaitForSignature(): Promise<void> {
    await this.page.locator('#accept').click();
    await this.page.waitForURL(/confirmationajout|erreur/);
    await this.overlayReady();
  }

  /**
   * Confirms with `#accept` and stops on the signature page (the server was asked to hold it:
   * `server.holdNextSignature()`); `finishSignature` lets it go on.
   */
  async acceptAndStopAtSignature(): Promise<void> {
    await this.page.locator('#accept').click();
    await this.page.waitForURL(/signaturedocument/);
    await this.overlayReady();
  }

  /** Ends a held signature as the site does by itself: the page posts its form. */
  async finishSignature(): Promise<void> {
    await this.page.evaluate(() => (document.getElementById('formSignature') as HTMLFormElement).submit());
    await this.page.waitForURL(/confirmationajout|erreur/);
    await this.overlayReady();
  }

  /** Submits the form and accepts; the site signs; ends on the confirmation (or error) page. */
  async submitAcceptAndSign(): Promise<void> {
    const answer = await this.submitForm();
    if (answer !== 'accepted') throw new Error('the deposit form was refused');
    await this.acceptAndWaitForSignature();
  }

  /** A whole deposit, from the record summary. */
  async deposit(typeLabel: string, n = 0): Promise<void> {
    await this.fillDepositForm(typeLabel, n);
    await this.submitAcceptAndSign();
  }

  /** Starts a deposit and cancels it on the confirmation step. */
  async depositThenCancel(typeLabel: string, n = 0): Promise<void> {
    await this.fillDepositForm(typeLabel, n);
    await this.submitForm();
    await this.page.locator('#annuler').click();
    await this.page.waitForURL(/recapitulatif/);
    await this.overlayReady();
  }

  /** From the confirmation page, back to the record summary (`#recapitulatif`). */
  async backToRecord(): Promise<void> {
    await this.page.locator('a.btn', { hasText: 'Retour au dossier' }).click();
    await this.page.waitForURL(/recapitulatif/);
    await this.overlayReady();
  }

  /** From the confirmation page, closes the record (`#closeDMPLink`). */
  async closeRecord(): Promise<void> {
    await this.page.locator('#closeDMPLink').click();
    await this.page.waitForURL(/mespatients/);
    await this.overlayReady();
  }

  /** The overlay is mounted once the content script has spoken to the background. */
  async overlayReady(): Promise<void> {
    await overlayReady(this.page);
  }
}

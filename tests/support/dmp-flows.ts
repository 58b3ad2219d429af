import type { Page } from 'playwright-core';
import { FAKE_FILE_NAMES, FAKE_TITLES } from '../fixtures/fake-patients';
import { DMP_HOST, type FixtureServer } from './fixture-server';

/** A user's walk through the DMP web access, with real (trusted) clicks and typing. */
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
    await this.page.goto(this.url('/dmp/listepatients'));
    await this.overlayReady();
  }

  /** Opens a patient's record from the list, as a doctor does (a DMP read). */
  async openRecord(patientIndex: number): Promise<void> {
    await this.page.locator('a.ouvrir-dossier').nth(patientIndex).click();
    await this.page.waitForURL(/recapitulatif/);
    await this.overlayReady();
  }

  /** Fills the deposit form with a type, a title and a file that name the fake patient. */
  async fillDepositForm(typeLabel: string, n = 0): Promise<void> {
    await this.page.locator('#ajouterDocument').click();
    await this.page.waitForURL(/ajoutdocument/);
    await this.page.setInputFiles('#fichier', {
      name: FAKE_FILE_NAMES[n % FAKE_FILE_NAMES.length]!,
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 fake'),
    });
    await this.page.selectOption('#typeDocument', typeLabel);
    await this.page.fill('#titre', FAKE_TITLES[n % FAKE_TITLES.length]!);
    await this.overlayReady();
  }

  /** Submits the form and accepts, signs; ends on the confirmation (or error) page. */
  async submitAcceptAndSign(): Promise<void> {
    await this.page.locator('#valider').click();
    await this.page.waitForURL(/demandeconfirmationactiondocument/);
    await this.overlayReady();
    await this.page.locator('#confirmer').click();
    await this.page.waitForURL(/signature/);
    await this.overlayReady();
    await this.page.locator('#signer').click();
    await this.page.waitForURL(/confirmationajout|erreur/);
    await this.overlayReady();
  }

  /** A whole deposit, from the record summary. */
  async deposit(typeLabel: string, n = 0): Promise<void> {
    await this.fillDepositForm(typeLabel, n);
    await this.submitAcceptAndSign();
  }

  /** Starts a deposit and cancels it on the confirmation step. */
  async depositThenCancel(typeLabel: string): Promise<void> {
    await this.fillDepositForm(typeLabel);
    await this.page.locator('#valider').click();
    await this.page.waitForURL(/demandeconfirmationactiondocument/);
    await this.overlayReady();
    await this.page.locator('#annuler').click();
    await this.page.waitForURL(/recapitulatif/);
    await this.overlayReady();
  }

  async backToRecord(): Promise<void> {
    await this.page.locator('a.btn', { hasText: 'Retour au dossier' }).click();
    await this.page.waitForURL(/recapitulatif/);
    await this.overlayReady();
  }

  /** The overlay is mounted once the content script has spoken to the background. */
  async overlayReady(): Promise<void> {
    await this.page.waitForFunction(
      () => document.querySelector('suivi-dmp-overlay')?.getAttribute('data-ready') === '1',
      null,
      {
        timeout: 10_000,
      },
    );
  }
}

import { expect, it } from 'vitest';
import type { DmpEvent } from '../../lib/domain/events';
import { FAKE_PATIENTS, sensitiveStrings } from '../fixtures/fake-patients';
import { active } from './extension-data';
import { DMP_OLD_HOST, type FixtureServer } from './fixture-server';

/**
 * The DMP web access's chain, played the same in Chromium and in Firefox: each browser's e2e
 * file calls `dmpChainScenarios` with its own walker (tests/support/dmp-flows.ts, firefox.ts).
 * Counts are read before and after each scenario, so the scenarios need no order among
 * themselves; each starts and ends on an open record's summary.
 */

/** What both browsers' DMP walkers do. */
export interface DmpChainWalker {
  openPatientList(): Promise<void>;
  openRecord(patientIndex: number): Promise<void>;
  clickPatient(patientIndex: number): Promise<void>;
  answerOtherRecord(answer: 'Oui' | 'Non'): Promise<void>;
  fillDepositForm(typeLabel: string, n?: number, options?: { title?: boolean }): Promise<void>;
  submitForm(): Promise<'refused' | 'accepted'>;
  acceptAndWaitForSignature(): Promise<void>;
  untrustedSubmitAndAccept(): Promise<void>;
  deposit(typeLabel: string, n?: number): Promise<void>;
  depositThenCancel(typeLabel: string, n?: number): Promise<void>;
  backToRecord(): Promise<void>;
  closeRecord(): Promise<void>;
  currentUrl(): URL;
  errorsShown(): Promise<number>;
}

export interface DmpChainWorld {
  server: FixtureServer;
  walker: DmpChainWalker;
  /** A walker on another entry host of the DMP web access, in the same tab. */
  walkerOn(host: string): DmpChainWalker;
  events(): Promise<DmpEvent[]>;
  /** Everything the extension stored, for the privacy check. */
  storage(): Promise<unknown>;
  /** What the overlay says, where the test can read its closed shadow root (Chromium). */
  overlayText?(): Promise<string>;
}

export function dmpChainScenarios(world: () => DmpChainWorld): void {
  const count = async (kind: DmpEvent['kind']) => active(await world().events(), kind).length;
  const counts = async () => ({
    uploads: await count('dmp_upload'),
    failures: await count('dmp_upload_failed'),
    reads: await count('dmp_consult'),
  });

  it('counts a confirmed deposit once, with the class of the chosen type', async () => {
    const { server, walker } = world();
    const before = await counts();
    const accepted = server.accepted;
    await walker.deposit('CR ou fiche de consultation ou de visite', 0);
    expect(server.accepted).toBe(accepted + 1);
    expect(walker.currentUrl().pathname).toBe('/confirmationajout');
    const uploads = active(await world().events(), 'dmp_upload');
    expect(uploads).toHaveLength(before.uploads + 1);
    expect(uploads.at(-1)).toMatchObject({ docClass: '11488-4', site: 'dmp-web', source: 'auto' });
    expect(uploads.at(-1)!.durationMs).toBeGreaterThan(0);
    if (world().overlayText) expect(await world().overlayText!()).toContain('Dépôt DMP compté');
    await walker.backToRecord();
    // Back on the record: still one deposit, and no second read for the same record.
    expect(await counts()).toEqual({ ...before, uploads: before.uploads + 1 });
  });

  it('counts nothing for a deposit cancelled at the confirmation step', async () => {
    const { server, walker } = world();
    const before = await counts();
    const accepted = server.accepted;
    await walker.depositThenCancel("CR d'examens biologiques", 1);
    expect(server.accepted).toBe(accepted);
    expect(await counts()).toEqual(before);
  });

  it('records a failed deposit when the DMP answers with an error page', async () => {
    const { server, walker } = world();
    const before = await counts();
    server.failNextDeposit();
    await walker.deposit('Prescription de produits de santé', 2);
    expect(walker.currentUrl().pathname).toContain('/dmp/erreur');
    const events = await world().events();
    expect(active(events, 'dmp_upload')).toHaveLength(before.uploads);
    expect(active(events, 'dmp_upload_failed').slice(before.failures)).toMatchObject([
      { docClass: '57833-6' },
    ]);
    await walker.backToRecord();
  });

  it('ignores a deposit submitted by a synthetic click', async () => {
    const { server, walker } = world();
    const before = await counts();
    const accepted = server.accepted;
    await walker.fillDepositForm('Synthèse médicale', 0);
    // An untrusted click (isTrusted false) from page script: the DMP takes it, the count does not.
    await walker.untrustedSubmitAndAccept();
    expect(walker.currentUrl().pathname).toBe('/confirmationajout');
    expect(server.accepted).toBe(accepted + 1);
    expect(await counts()).toEqual(before);
    await walker.backToRecord();
  });

  it('works on the older www.dmp.fr entry point too', async () => {
    const old = world().walkerOn(DMP_OLD_HOST);
    const before = await counts();
    await old.openPatientList();
    await old.openRecord(2);
    await old.deposit("CR d'imagerie médicale", 2);
    const uploads = active(await world().events(), 'dmp_upload');
    expect(uploads.slice(before.uploads).map((u) => u.docClass)).toEqual(['18748-4']);
    // A record opened on another host is a read of its own.
    expect(await count('dmp_consult')).toBe(before.reads + 1);
    await old.backToRecord();
  });

  it('counts a deposit refused, corrected and sent again once, with no failure and no new read', async () => {
    const { server, walker } = world();
    const before = await counts();
    const accepted = server.accepted;
    // Sent without a title: the DMP shows the form again at its post address, with the error.
    await walker.fillDepositForm('Prescription (autre)', 1, { title: false });
    expect(await walker.submitForm()).toBe('refused');
    expect(walker.currentUrl().pathname).toBe('/ajoutdocument.formajoutdocument');
    expect(await walker.errorsShown()).toBe(1);
    expect(await counts()).toEqual(before);

    // Corrected and sent again from the refused form: accepted, confirmed, counted once.
    await walker.fillDepositForm('Prescription (autre)', 1);
    expect(await walker.submitForm()).toBe('accepted');
    await walker.acceptAndWaitForSignature();
    expect(walker.currentUrl().pathname).toBe('/confirmationajout');
    expect(server.accepted).toBe(accepted + 1);
    const uploads = active(await world().events(), 'dmp_upload');
    expect(uploads.slice(before.uploads)).toMatchObject([
      { docClass: '57828-6', site: 'dmp-web', source: 'auto' },
    ]);
    if (world().overlayText) expect(await world().overlayText!()).toContain('Dépôt DMP compté');

    // Back on the record summary: the record stayed open, so no read, and no failure.
    await walker.backToRecord();
    expect(await counts()).toEqual({ ...before, uploads: before.uploads + 1 });
  });

  it('another patient\'s record: "Oui" counts one read for the new record, "Non" none', async () => {
    const { walker } = world();
    const before = await count('dmp_consult');

    // A record is still open on this host: the DMP asks before opening another patient's.
    await walker.openPatientList();
    await walker.clickPatient(3);
    expect(walker.currentUrl().pathname).toMatch(/^\/dmp\/confirmationouvertureautre\//);
    expect(await count('dmp_consult')).toBe(before);
    await walker.answerOtherRecord('Oui');
    expect(walker.currentUrl().searchParams.get('patient')).toBe(FAKE_PATIENTS[3]!.id);
    expect(await count('dmp_consult')).toBe(before + 1);
    if (world().overlayText) expect(await world().overlayText!()).toContain('Lecture DMP comptée');

    // Asked again for another patient, the doctor says "Non": back on the record still open.
    await walker.openPatientList();
    await walker.clickPatient(0);
    expect(walker.currentUrl().pathname).toMatch(/^\/dmp\/confirmationouvertureautre\//);
    await walker.answerOtherRecord('Non');
    expect(walker.currentUrl().pathname).toBe('/dmp/recapitulatif');
    expect(walker.currentUrl().searchParams.get('patient')).toBe(FAKE_PATIENTS[3]!.id);
    expect(await count('dmp_consult')).toBe(before + 1);
  });

  it('after a deposit, back to the summary is no read; closing the record then reopening it is one', async () => {
    const { server, walker } = world();
    const before = await count('dmp_consult');
    const accepted = server.accepted;
    await walker.deposit('Certificat médical', 2);
    await walker.backToRecord();
    expect(await count('dmp_consult')).toBe(before);
    await walker.deposit("Lettre d'adressage", 0);
    expect(server.accepted).toBe(accepted + 2);
    const uploads = active(await world().events(), 'dmp_upload').filter((u) => u.source === 'auto');
    expect(uploads.slice(-2).map((u) => u.docClass)).toEqual(['89601-9', '18761-7']);
    await walker.closeRecord();
    expect(walker.currentUrl().pathname).toBe('/mespatients/raz');
    expect(await count('dmp_consult')).toBe(before);
    // Closed: the same patient opens straight, without the other-record question.
    await walker.clickPatient(3);
    expect(walker.currentUrl().pathname).toBe('/dmp/recapitulatif');
    expect(await count('dmp_consult')).toBe(before + 1);
  });

  it('keeps no patient name, identifier, birth date, title or file name anywhere', async () => {
    const stored = JSON.stringify(await world().storage());
    expect(stored).toContain('dmp_upload');
    for (const secret of sensitiveStrings()) expect(stored).not.toContain(secret);
    // Not even the record's query parameter: the URL path alone is read.
    expect(stored).not.toMatch(/patient=/);
  });
}

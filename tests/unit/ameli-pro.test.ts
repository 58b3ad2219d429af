import { describe, expect, it } from 'vitest';
import { openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import { AMELI_PRO_HOST, sickLeaveOfRequest } from '@/lib/sites/ameli-pro';
import { countedTabsInMemory, SickLeaveWatch } from '@/lib/background/sick-leave-watch';
import { ProgramService } from '@/lib/background/program-service';
import { EventService } from '@/lib/background/event-service';
import type { EncounterState } from '@/lib/background/encounters';
import type { DmpEvent } from '@/lib/domain/events';
import { journalCsv } from '@/lib/domain/csv';
import { testBackground } from '../support/background';

const AMELI = `https://${AMELI_PRO_HOST}`;

describe('Ameli Pro sick-leave requests (lib/sites/ameli-pro.ts)', () => {
  it('reads the evidenced PDF paths: summary and employer part = online, cerfa = paper', () => {
    expect(sickLeaveOfRequest(`${AMELI}/aat-api/pdf/recapitulatif?idAAT=123`, 200)).toBe('online');
    expect(sickLeaveOfRequest(`${AMELI}/aat-api/pdf/recapitulatif/`, 200)).toBe('online');
    expect(sickLeaveOfRequest(`${AMELI}/aat-api/pdf/volet/employeur`, 200)).toBe('online');
    expect(sickLeaveOfRequest(`${AMELI}/aat-api/pdf/volet/employeur/`, 204)).toBe('online');
    expect(sickLeaveOfRequest(`${AMELI}/aat-api/pdf/cerfa`, 200)).toBe('paper');
    expect(sickLeaveOfRequest(`${AMELI}:8443/aat-api/pdf/cerfa/`, 200)).toBe('paper');
  });

  it('ignores failures, other requests, the work-accident service and other hosts', () => {
    expect(sickLeaveOfRequest(`${AMELI}/aat-api/pdf/recapitulatif?idAAT=1`, 500)).toBeNull();
    expect(sickLeaveOfRequest(`${AMELI}/aat-api/pdf/cerfa`, 404)).toBeNull();
    expect(sickLeaveOfRequest(`${AMELI}/aat-api/arret/transmettre`, 200)).toBeNull();
    expect(sickLeaveOfRequest(`${AMELI}/atmp-api/pdf/cerfa/atmp`, 200)).toBeNull();
    expect(sickLeaveOfRequest(`${AMELI}/atmp-api/pdf/recap/ps?idATMP=1`, 200)).toBeNull();
    expect(sickLeaveOfRequest('https://evil.example.fr/aat-api/pdf/cerfa', 200)).toBeNull();
    expect(sickLeaveOfRequest(`http://${AMELI_PRO_HOST}/aat-api/pdf/cerfa`, 200)).toBeNull();
    expect(sickLeaveOfRequest('not a url', 200)).toBeNull();
  });

  it('takes one sick leave per page of a tab; a new page starts the next', async () => {
    const watch = new SickLeaveWatch();
    expect(await watch.take(1)).toBe(true);
    expect(await watch.take(1)).toBe(false);
    expect(await watch.take(2)).toBe(true);
    await watch.pageLeft(1);
    expect(await watch.take(1)).toBe(true);
  });

  it('a worker stopped between two PDFs of one leave: the mark, in storage, outlives it', async () => {
    const counted = countedTabsInMemory(); // stands for storage.session, which outlives the worker
    expect(await new SickLeaveWatch(counted).take(1)).toBe(true);
    // A new worker, a new watch, the same storage: the employer's part does not count again.
    expect(await new SickLeaveWatch(counted).take(1)).toBe(false);
  });
});

async function setup() {
  const db: SuiviDb = await openSuiviDb();
  const clock = Date.UTC(2026, 2, 10, 9);
  const encounters = new Map<number, EncounterState>();
  const encounterStore = {
    get: async (t: number) => encounters.get(t),
    set: async (t: number, s: EncounterState) => void encounters.set(t, s),
    delete: async (t: number) => void encounters.delete(t),
  };
  const events = new EventService({
    db,
    encounters: encounterStore,
    now: () => clock,
    push: () => undefined,
  });
  const service = new ProgramService({
    db,
    events,
    encounters: encounterStore,
    carried: { get: async () => [], set: async () => undefined, remove: async () => undefined },
    now: () => clock,
    registerSite: async () => undefined,
    unregisterSite: async () => undefined,
    push: () => undefined,
    log: () => undefined,
    onChange: () => undefined,
  });
  const background = testBackground({
    db,
    events,
    programs: service,
    ownId: 'ext',
    ownOrigin: 'chrome-extension://ext/',
  });
  const hello = (tabId: number) =>
    background.route({ type: 'engine_hello', site: `custom:${AMELI_PRO_HOST}`, topFrame: true }, {
      extensionId: 'ext',
      url: `${AMELI}/aat/`,
      tabId,
      frameId: 0,
    } as never);
  const stored = async () => (await db.getAll('events')) as DmpEvent[];
  return { service, hello, stored };
}

describe('Ameli Pro sick leaves in the background (ProgramService)', () => {
  it('counts nothing while the offer was not accepted (the host is not a site)', async () => {
    const { service, stored } = await setup();
    await service.responseCompleted(3, `${AMELI}/aat-api/pdf/recapitulatif?idAAT=9`, 200);
    expect(await stored()).toEqual([]);
  });

  it('counts one online sick leave per page, one paper one, and nothing for a failure', async () => {
    const { service, hello, stored } = await setup();
    await service.sites.addSite(AMELI_PRO_HOST);
    await hello(3);
    await service.responseCompleted(3, `${AMELI}/aat-api/pdf/recapitulatif?idAAT=9`, 200);
    await service.responseCompleted(3, `${AMELI}/aat-api/pdf/volet/employeur`, 200);
    // The next sick leave, on paper, in a new page of the same tab.
    await hello(3);
    await service.responseCompleted(3, `${AMELI}/aat-api/pdf/cerfa`, 200);
    // A third page: the transmission fails, the summary is refused.
    await hello(3);
    await service.responseCompleted(3, `${AMELI}/aat-api/pdf/recapitulatif?idAAT=10`, 500);
    // Same clock for all: in the order of their mode (ids are random).
    const events = (await stored()).sort((a, b) => (a.mode! < b.mode! ? -1 : 1));
    expect(events.map((e) => [e.kind, e.mode, e.site, e.source])).toEqual([
      ['sick_leave', 'online', `custom:${AMELI_PRO_HOST}`, 'auto'],
      ['sick_leave', 'paper', `custom:${AMELI_PRO_HOST}`, 'auto'],
    ]);
    // The journal tells them apart (CSV version 3).
    const types = journalCsv(events, 'standard')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(types.sort()).toEqual(['arret_travail', 'arret_travail_papier']);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';
import { EventService } from '@/lib/background/event-service';
import { CONSULTATION_LINK_MS, type EncounterState } from '@/lib/background/encounters';
import { summarizeDays } from '@/lib/domain/day-summary';
import { feedingRate } from '@/lib/domain/feeding-rate';
import { builtinProfile } from '@/lib/domain/obligations';

/**
 * A deposit made on the DMP web access while a consultation is open in the practice program,
 * in another tab, belongs to that consultation: the link is a time window, no patient data.
 */
const PROGRAM_TAB = 3;
let db: SuiviDb;
let clock: number;
let events: EventService;
let open: EncounterState | null;
const tabs = new Map<number, EncounterState>();

beforeEach(async () => {
  db = await openSuiviDb();
  clock = new Date(2026, 10, 10, 9, 0).getTime();
  open = null;
  tabs.clear();
  events = new EventService({
    db,
    encounters: {
      get: async (tab) => tabs.get(tab),
      set: async (tab, state) => void tabs.set(tab, state),
      delete: async (tab) => void tabs.delete(tab),
    },
    openConsultation: { get: async () => open, set: async (state) => void (open = state) },
    now: () => clock,
    push: () => {},
  });
});
afterEach(() => db.close());

let n = 0;
const dmpDeposit = (docClass: DmpEvent['docClass']) =>
  makeEvent({
    id: `dmp-upload-${++n}-aaaa`,
    kind: 'dmp_upload',
    at: clock,
    site: 'dmp-web',
    source: 'auto',
    docClass,
  });

describe('DMP web access events join the consultation open in the practice program', () => {
  it('a deposit during the consultation is matched with the document it produced', async () => {
    await events.startConsultation(PROGRAM_TAB, 'weda');
    await events.record(PROGRAM_TAB, { id: 'enc-x', kind: 'encounter', site: 'weda', source: 'auto' });
    clock += 60_000;
    await events.record(PROGRAM_TAB, {
      id: 'doc-produced-1',
      kind: 'document_produced',
      site: 'weda',
      source: 'auto',
      docClass: '11502-2',
    });
    clock += 5 * 60_000;
    const [written] = await events.writeAll([dmpDeposit('11502-2')]);
    expect(written?.encounter).toBe(tabs.get(PROGRAM_TAB)?.id);

    const days = summarizeDays(await db.getAll('events'), []);
    const rate = feedingRate(days, builtinProfile('in-force')!);
    expect(rate).toMatchObject({
      basis: 'documents',
      numerator: 1,
      denominator: 1,
      rate: 1,
      depositsOutside: 0,
    });
  });

  it('long after the consultation, the deposit is "hors consultation"', async () => {
    await events.startConsultation(PROGRAM_TAB, 'weda');
    clock += CONSULTATION_LINK_MS + 1;
    const [written] = await events.writeAll([dmpDeposit('11502-2')]);
    expect(written?.encounter).toBeUndefined();
    expect(summarizeDays(await db.getAll('events'), [])[0]?.depositsOutside).toBe(1);
  });

  it('with no program open, nothing is linked; each DMP event keeps the window open', async () => {
    const [alone] = await events.writeAll([dmpDeposit('11502-2')]);
    expect(alone?.encounter).toBeUndefined();
    await events.startConsultation(PROGRAM_TAB, 'weda');
    clock += CONSULTATION_LINK_MS - 1;
    const [first] = await events.writeAll([dmpDeposit('11502-2')]);
    clock += CONSULTATION_LINK_MS - 1;
    const [second] = await events.writeAll([dmpDeposit('11488-4')]);
    expect(first?.encounter).toBeDefined();
    expect(second?.encounter).toBe(first?.encounter);
  });
});

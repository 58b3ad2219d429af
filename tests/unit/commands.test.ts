import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADD_DEPOSIT_COMMAND, handleCommand } from '@/lib/background/commands';
import { eventsBetweenDays, openSuiviDb, type SuiviDb } from '@/lib/storage/db';
import { localDay } from '@/lib/domain/calendar';
import { EventService } from '@/lib/background/event-service';

let db: SuiviDb;
let recorder: EventService;
beforeEach(async () => {
  db = await openSuiviDb();
  recorder = new EventService({
    db,
    encounters: { get: async () => undefined, set: async () => {}, delete: async () => {} },
    now: Date.now,
    push: () => {},
  });
});
afterEach(() => db.close());

describe('keyboard shortcuts', () => {
  it('"add a deposit" records one manual deposit of class other', async () => {
    expect(await handleCommand(ADD_DEPOSIT_COMMAND, recorder, () => 'shortcut-0001')).toBe(true);
    const today = localDay(Date.now());
    expect(await eventsBetweenDays(db, today, today)).toMatchObject([
      { id: 'shortcut-0001', kind: 'dmp_upload', docClass: 'other', source: 'manual', site: 'manual' },
    ]);
  });

  it('each press is a new deposit', async () => {
    let n = 0;
    const id = () => `shortcut-${String(++n).padStart(4, '0')}`;
    await handleCommand(ADD_DEPOSIT_COMMAND, recorder, id);
    await handleCommand(ADD_DEPOSIT_COMMAND, recorder, id);
    const today = localDay(Date.now());
    expect(await eventsBetweenDays(db, today, today)).toHaveLength(2);
  });

  it('an unknown command records nothing', async () => {
    expect(await handleCommand('something-else', recorder)).toBe(false);
    expect(await db.count('events')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { TimeSpan } from '@/lib/domain/spans';
import { summarizeDays } from '@/lib/domain/day-summary';
import {
  DEFAULT_GAP_MS,
  HEARTBEAT_MS,
  HeartbeatSchema,
  OpenSpanSchema,
  applyHeartbeat,
  closeSpan,
  manualTimerSpan,
  spanId,
  type Heartbeat,
  type OpenSpan,
} from '@/lib/domain/time-accounting';

const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;
const PARIS = TZ === 'Europe/Paris';

const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0) =>
  new Date(y, m - 1, d, h, min, s).getTime();
const T0 = at(2026, 3, 2, 9); // Monday 2 March 2026, 09:00 local
const sec = (n: number) => n * 1000;

const hb = (at: number, fields: Partial<Heartbeat> = {}): Heartbeat => ({
  site: 'weda',
  activity: 'program',
  tabId: 7,
  at,
  ...fields,
});

/** Feeds heartbeats in order, then closes at `closeAt`; returns every span written. */
function run(
  beats: Heartbeat[],
  closeAt?: number,
  gapMs?: number,
): { spans: TimeSpan[]; open: OpenSpan | null } {
  let open: OpenSpan | null = null;
  const spans: TimeSpan[] = [];
  for (const beat of beats) {
    const r = applyHeartbeat(open, beat, gapMs);
    spans.push(...r.closed);
    open = r.open;
  }
  if (closeAt !== undefined && open) {
    spans.push(...closeSpan(open, closeAt, gapMs));
    open = null;
  }
  return { spans, open };
}

const length = (spans: TimeSpan[]) => spans.reduce((sum, s) => sum + (s.end - s.start), 0);

function expectNoOverlap(spans: TimeSpan[]): void {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);
}

describe('constants', () => {
  it('a heartbeat every 15 s, a gap of two heartbeats', () => {
    expect(HEARTBEAT_MS).toBe(15_000);
    expect(DEFAULT_GAP_MS).toBe(30_000);
  });
});

describe('applyHeartbeat', () => {
  it('the first heartbeat opens a span at its instant', () => {
    expect(applyHeartbeat(null, hb(T0))).toEqual({
      open: { site: 'weda', activity: 'program', tabId: 7, start: T0, end: T0 },
      closed: [],
    });
  });

  it('heartbeats of the same tab extend the span; closing fills up to the close', () => {
    // Beats at 0, 15, 30, 45 s: span 0..45 s; blur at 50 s (within 30 s of 45): ends at 50 s.
    const { spans, open } = run([hb(T0), hb(T0 + sec(15)), hb(T0 + sec(30)), hb(T0 + sec(45))]);
    expect(spans).toEqual([]);
    expect(open).toEqual({ site: 'weda', activity: 'program', tabId: 7, start: T0, end: T0 + sec(45) });
    expect(closeSpan(open!, T0 + sec(50))).toEqual([
      {
        id: `span:weda:program:${T0}`,
        site: 'weda',
        activity: 'program',
        start: T0,
        end: T0 + sec(50),
        day: '2026-03-02',
      },
    ]);
  });

  it('a gap longer than gapMs closes the span at its last heartbeat and starts a new one', () => {
    // Beats 0, 15 s, then 46 s: 46 - 15 = 31 s > 30 s. First span 0..15 s (the 31 s are not counted).
    const r = run([hb(T0), hb(T0 + sec(15)), hb(T0 + sec(46))]);
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]).toMatchObject({ start: T0, end: T0 + sec(15) });
    expect(r.open).toMatchObject({ start: T0 + sec(46), end: T0 + sec(46) });
  });

  it('a gap of exactly gapMs still extends', () => {
    // 0 then 30 s: 30 - 0 = 30 s, not more than the gap.
    const r = run([hb(T0), hb(T0 + sec(30))]);
    expect(r.spans).toEqual([]);
    expect(r.open).toMatchObject({ start: T0, end: T0 + sec(30) });
  });

  it('a custom gap is honoured', () => {
    // Gap 10 s: beats at 5 s and 20 s are 15 s apart (> 10 s): the first span ends at 5 s.
    const r = run([hb(T0), hb(T0 + sec(5)), hb(T0 + sec(20))], undefined, 10_000);
    expect(r.spans).toEqual([expect.objectContaining({ start: T0, end: T0 + sec(5) })]);
  });

  it('two tabs alternating are never counted twice', () => {
    // Tab 7 at 0, 15, 30 s; tab 8 at 5, 20, 35 s; blur at 40 s.
    // Spans: 7:[0,5] 8:[5,15] 7:[15,20] 8:[20,30] 7:[30,35] 8:[35,40] -> 40 s in all, the wall
    // time. Counting each tab on its own would give 7: 0..30 + 8: 5..35 (+5) = 65 s.
    const beats = [0, 5, 15, 20, 30, 35].map((s, i) => hb(T0 + sec(s), { tabId: i % 2 === 0 ? 7 : 8 }));
    const { spans } = run(beats, T0 + sec(40));
    expect(spans.map((s) => [(s.start - T0) / 1000, (s.end - T0) / 1000])).toEqual([
      [0, 5],
      [5, 15],
      [15, 20],
      [20, 30],
      [30, 35],
      [35, 40],
    ]);
    expect(length(spans)).toBe(sec(40));
    expectNoOverlap(spans);
    expect(new Set(spans.map((s) => s.id)).size).toBe(6);
  });

  it('a DMP panel in the program closes the program span and opens a DMP span', () => {
    // Program 0..15 s, DMP beat at 20 s: program closes at 20 s, DMP from 20 s; blur at 50 s.
    const { spans } = run(
      [
        hb(T0),
        hb(T0 + sec(15)),
        hb(T0 + sec(20), { activity: 'dmp' }),
        hb(T0 + sec(35), { activity: 'dmp' }),
      ],
      T0 + sec(50),
    );
    expect(spans).toEqual([
      expect.objectContaining({ activity: 'program', start: T0, end: T0 + sec(20) }),
      expect.objectContaining({ activity: 'dmp', start: T0 + sec(20), end: T0 + sec(50) }),
    ]);
  });

  it('another site in the same tab closes the span', () => {
    const { spans, open } = run([hb(T0), hb(T0 + sec(15), { site: 'dmp-web', activity: 'dmp' })]);
    expect(spans).toEqual([expect.objectContaining({ site: 'weda', start: T0, end: T0 + sec(15) })]);
    expect(open).toMatchObject({ site: 'dmp-web', activity: 'dmp', start: T0 + sec(15) });
  });

  it('a late heartbeat never makes spans overlap', () => {
    const open: OpenSpan = { site: 'weda', activity: 'program', tabId: 7, start: T0, end: T0 + sec(30) };
    // Same tab, earlier than the end: nothing changes.
    expect(applyHeartbeat(open, hb(T0 + sec(20)))).toEqual({ open, closed: [] });
    // Other tab, earlier than the end: the open span closes at its end; the new one starts there.
    const r = applyHeartbeat(open, hb(T0 + sec(20), { tabId: 8 }));
    expect(r.closed).toEqual([expect.objectContaining({ start: T0, end: T0 + sec(30) })]);
    expect(r.open).toMatchObject({ tabId: 8, start: T0 + sec(30), end: T0 + sec(30) });
  });

  it('survives a service-worker restart: the open span is plain data', () => {
    const beats = [0, 15, 30, 45, 60].map((s) => hb(T0 + sec(s)));
    const straight = run(beats, T0 + sec(70));
    // Same beats, with the open span written to storage and read back after the third.
    let open: OpenSpan | null = null;
    for (const beat of beats.slice(0, 3)) open = applyHeartbeat(open, beat).open;
    const stored = JSON.parse(JSON.stringify(open)) as unknown;
    const rebuilt = v.parse(OpenSpanSchema, stored);
    const rest = run([]);
    open = rebuilt;
    for (const beat of beats.slice(3)) {
      const r = applyHeartbeat(open, beat);
      rest.spans.push(...r.closed);
      open = r.open;
    }
    rest.spans.push(...closeSpan(open!, T0 + sec(70)));
    expect(rest.spans).toEqual(straight.spans);
    expect(length(straight.spans)).toBe(sec(70));
  });
});

describe('closeSpan', () => {
  const open: OpenSpan = { site: 'dmp-web', activity: 'dmp', tabId: 3, start: T0, end: T0 + sec(60) };

  it('ends at the close, but never more than gapMs after the last heartbeat', () => {
    // Idle noticed 10 s after the last beat: ends at 70 s.
    expect(closeSpan(open, T0 + sec(70))[0]?.end).toBe(T0 + sec(70));
    // Tab closed 5 minutes later: ends at 60 + 30 = 90 s.
    expect(closeSpan(open, T0 + sec(360))[0]?.end).toBe(T0 + sec(90));
    // A close dated before the last beat does not shorten the span.
    expect(closeSpan(open, T0 + sec(10))[0]?.end).toBe(T0 + sec(60));
  });

  it('a lone heartbeat closed at once leaves no span', () => {
    expect(closeSpan({ ...open, end: T0 }, T0)).toEqual([]);
  });

  it('is idempotent: the same span closed twice gives the same ids', () => {
    const a = closeSpan(open, T0 + sec(70));
    const b = closeSpan(structuredClone(open), T0 + sec(70));
    expect(a).toEqual(b);
    expect(a[0]?.id).toBe(spanId('dmp-web', 'dmp', T0));
    expect(a[0]?.id).toBe(`span:dmp-web:dmp:${T0}`);
  });

  it('splits at local midnight, one span per day, each with its own id', () => {
    // Beats from 23:59:30 every 15 s to 00:00:15, close at 00:00:30:
    // 30 s on 31/12/2025, 30 s on 01/01/2026.
    const start = at(2025, 12, 31, 23, 59, 30);
    const beats = [0, 15, 30, 45].map((s) => hb(start + sec(s), { site: 'dmp-web', activity: 'dmp' }));
    const { spans } = run(beats, start + sec(60));
    const midnight = at(2026, 1, 1);
    expect(spans).toEqual([
      {
        id: `span:dmp-web:dmp:${start}`,
        site: 'dmp-web',
        activity: 'dmp',
        start,
        end: midnight,
        day: '2025-12-31',
      },
      {
        id: `span:dmp-web:dmp:${midnight}`,
        site: 'dmp-web',
        activity: 'dmp',
        start: midnight,
        end: midnight + sec(30),
        day: '2026-01-01',
      },
    ]);
    // And they count on each day.
    const days = summarizeDays([], spans);
    expect(days.map((d) => [d.day, d.timeMs.dmp])).toEqual([
      ['2025-12-31', sec(30)],
      ['2026-01-01', sec(30)],
    ]);
  });

  it('a span across the spring change keeps its real length', () => {
    // Beats every 15 s from 01:59:00 for 2 minutes of real time on 30/03/2025.
    const start = at(2025, 3, 30, 1, 59);
    const beats = Array.from({ length: 9 }, (_, i) => hb(start + sec(15 * i), { activity: 'dmp' }));
    const { spans } = run(beats, start + sec(120));
    expect(spans).toHaveLength(1);
    expect(spans[0]?.day).toBe('2025-03-30');
    expect(length(spans)).toBe(sec(120));
    // In Paris the clock jumps from 02:00 to 03:00: the span ends at 03:01 local.
    if (PARIS) expect(new Date(spans[0]!.end).getHours()).toBe(3);
  });
});

describe('manualTimerSpan', () => {
  it('a timer of 25 minutes is one manual span', () => {
    expect(manualTimerSpan(at(2026, 3, 2, 18), at(2026, 3, 2, 18, 25))).toEqual([
      {
        id: `span:manual:manual:${at(2026, 3, 2, 18)}`,
        site: 'manual',
        activity: 'manual',
        start: at(2026, 3, 2, 18),
        end: at(2026, 3, 2, 18, 25),
        day: '2026-03-02',
      },
    ]);
  });

  it('a timer across midnight counts on both days', () => {
    // 23:40 -> 00:10: 20 min on the 28th of February, 10 min on 1 March.
    const spans = manualTimerSpan(at(2026, 2, 28, 23, 40), at(2026, 3, 1, 0, 10));
    expect(spans.map((s) => [s.day, (s.end - s.start) / 60_000])).toEqual([
      ['2026-02-28', 20],
      ['2026-03-01', 10],
    ]);
    expect(summarizeDays([], spans).find((d) => d.day === '2026-03-01')?.timeMs.dmp).toBe(10 * 60_000);
  });

  it('a stop before the start gives nothing', () => {
    expect(manualTimerSpan(at(2026, 3, 2, 18), at(2026, 3, 2, 17))).toEqual([]);
  });
});

describe('schemas', () => {
  it('accept a heartbeat and refuse extra fields or a bad tab id', () => {
    expect(v.safeParse(HeartbeatSchema, hb(T0)).success).toBe(true);
    expect(v.safeParse(HeartbeatSchema, { ...hb(T0), title: 'Dupont' }).success).toBe(false);
    expect(v.safeParse(HeartbeatSchema, { ...hb(T0), tabId: -1 }).success).toBe(false);
    expect(v.safeParse(HeartbeatSchema, { ...hb(T0), activity: 'manual' }).success).toBe(false);
  });

  it('refuse a stored open span that ends before it starts', () => {
    expect(
      v.safeParse(OpenSpanSchema, { site: 'weda', activity: 'dmp', tabId: 1, start: T0, end: T0 - 1 })
        .success,
    ).toBe(false);
    expect(
      v.safeParse(OpenSpanSchema, { site: 'weda', activity: 'dmp', tabId: 1, start: T0, end: T0 }).success,
    ).toBe(true);
  });
});

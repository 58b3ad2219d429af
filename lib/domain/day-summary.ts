import type { DocClass } from './doc-classes';
import { EVENT_KINDS, type DmpEvent, type EventKind } from './events';
import type { TimeSpan } from './spans';
import { splitAtLocalMidnights } from './calendar';

/**
 * The figures of one local day, kept by the background in their own store so that the popup,
 * the dashboard and the CSV read about thirty small records instead of a month of raw events.
 * A summary is a pure function of the day's events and spans (`summarizeDay`): the store is a
 * cache that the background rewrites in the same transaction as every change of those.
 *
 * It holds no patient data and does not depend on the obligation profile: what a profile
 * requires is applied when the figures are read (`feedingRate`).
 */
export interface DaySummary {
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** Events that were not undone, by kind. */
  counts: Record<EventKind, number>;
  /** Deposits (`dmp_upload`) by document class. */
  uploadsByClass: ClassCounts;
  /** Documents produced (`document_produced`) by class. */
  producedByClass: ClassCounts;
  /**
   * Documents produced that a deposit of the same class and the same consultation matches,
   * by class: per consultation and class, the smaller of documents produced and deposited.
   * Events linked to no consultation are matched among themselves, per day and class.
   */
  matchedByClass: ClassCounts;
  /**
   * The day's consultations by the classes deposited during them: the key is the classes,
   * sorted and joined by a space (`''` for a consultation with no deposit), the value how
   * many consultations had exactly those. A profile's required classes are applied at read.
   */
  consultationsByDeposits: Record<string, number>;
  /** Deposits linked to no consultation ("hors consultation"). */
  depositsOutside: number;
  /** Costly acts with a DMP read of the same consultation strictly before them. */
  costlyActsAfterRead: number;
  /** Durations of the day's timed deposits, ms, ascending (the median needs them all). */
  depositDurationsMs: number[];
  /** Time on that day, ms: the DMP (web access and timer) and the practice program. */
  timeMs: { dmp: number; program: number };
}

export type ClassCounts = Partial<Record<DocClass, number>>;

/** The key of a set of deposited classes in `consultationsByDeposits`. */
export function depositSetKey(classes: Iterable<DocClass>): string {
  return [...new Set(classes)].sort().join(' ');
}

export function emptyDaySummary(day: string): DaySummary {
  return {
    day,
    counts: Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>,
    uploadsByClass: {},
    producedByClass: {},
    matchedByClass: {},
    consultationsByDeposits: {},
    depositsOutside: 0,
    costlyActsAfterRead: 0,
    depositDurationsMs: [],
    timeMs: { dmp: 0, program: 0 },
  };
}

/** Whether a summary has nothing in it (such a day is not stored). */
export function isEmptySummary(s: DaySummary): boolean {
  return EVENT_KINDS.every((k) => s.counts[k] === 0) && s.timeMs.dmp === 0 && s.timeMs.program === 0;
}

function add(counts: ClassCounts, cls: DocClass, n = 1): void {
  counts[cls] = (counts[cls] ?? 0) + n;
}

/** What one consultation (or the day's events outside any) produced and deposited. */
interface Group {
  produced: ClassCounts;
  deposited: ClassCounts;
}

/** DMP reads and costly acts of one encounter id, to tell acts after a read. */
interface ReadsAndActs {
  firstReadAt?: number;
  costlyAts: number[];
}

/**
 * The summary of `day` from its events and spans. Events of other days are ignored; spans
 * count for their part on that day (cut at local midnight, so a daylight-saving day has its
 * real 23 or 25 hours). A consultation is an `encounter` event of that day; the day's other
 * events join it through their `encounter` id.
 */
export function summarizeDay(day: string, events: Iterable<DmpEvent>, spans: Iterable<TimeSpan>): DaySummary {
  const s = emptyDaySummary(day);
  const consultations = new Set<string>();
  const groups = new Map<string, Group>();
  const groupOf = (encounter: string | undefined): Group => {
    const key = encounter ?? '';
    let g = groups.get(key);
    if (!g) {
      g = { produced: {}, deposited: {} };
      groups.set(key, g);
    }
    return g;
  };

  const readsAndActs = new Map<string, ReadsAndActs>();
  const active: DmpEvent[] = [];
  // Consultations recorded without an id (older data, a backup): no event can join them.
  let anonymousConsultations = 0;
  for (const e of events) {
    if (e.day !== day || e.undone) continue;
    active.push(e);
    if (e.kind === 'encounter') {
      if (e.encounter) consultations.add(e.encounter);
      else anonymousConsultations += 1;
    }
  }
  for (const e of active) {
    s.counts[e.kind] += 1;
    // An event whose consultation has no `encounter` event that day is "outside".
    const encounter = e.encounter && consultations.has(e.encounter) ? e.encounter : undefined;
    const group = groupOf(encounter);
    const cls = e.docClass ?? 'other';
    if (e.kind === 'dmp_upload') {
      add(s.uploadsByClass, cls);
      add(group.deposited, cls);
      if (!encounter) s.depositsOutside += 1;
      if (e.durationMs !== undefined) s.depositDurationsMs.push(e.durationMs);
    } else if (e.kind === 'document_produced') {
      add(s.producedByClass, cls);
      add(group.produced, cls);
    } else if ((e.kind === 'dmp_consult' || e.kind === 'costly_act') && e.encounter) {
      // Reads and acts pair by encounter id alone: a consultation signalled only by them counts.
      const ra = readsAndActs.get(e.encounter) ?? { costlyAts: [] };
      if (e.kind === 'costly_act') ra.costlyAts.push(e.at);
      else if (ra.firstReadAt === undefined || e.at < ra.firstReadAt) ra.firstReadAt = e.at;
      readsAndActs.set(e.encounter, ra);
    }
  }
  s.depositDurationsMs.sort((a, b) => a - b);

  for (const [key, g] of groups) {
    for (const [cls, produced] of Object.entries(g.produced) as [DocClass, number][]) {
      const matched = Math.min(produced, g.deposited[cls] ?? 0);
      if (matched > 0) add(s.matchedByClass, cls, matched);
    }
    if (key === '') continue;
    const setKey = depositSetKey(Object.keys(g.deposited) as DocClass[]);
    s.consultationsByDeposits[setKey] = (s.consultationsByDeposits[setKey] ?? 0) + 1;
  }
  for (const { firstReadAt, costlyAts } of readsAndActs.values()) {
    if (firstReadAt !== undefined) s.costlyActsAfterRead += costlyAts.filter((at) => firstReadAt < at).length;
  }
  if (anonymousConsultations > 0) {
    s.consultationsByDeposits[''] = (s.consultationsByDeposits[''] ?? 0) + anonymousConsultations;
  }

  for (const span of spans) {
    for (const part of splitAtLocalMidnights(span.start, span.end)) {
      if (part.day !== day) continue;
      const ms = part.end - part.start;
      if (span.activity === 'program') s.timeMs.program += ms;
      else s.timeMs.dmp += ms;
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Figures of a period, summed from its days

/** The summaries of every day that has events or spans, from raw data (tests, checks). */
export function summarizeDays(events: readonly DmpEvent[], spans: readonly TimeSpan[]): DaySummary[] {
  const days = new Set<string>(events.map((e) => e.day));
  for (const span of spans)
    for (const part of splitAtLocalMidnights(span.start, span.end)) days.add(part.day);
  return [...days]
    .sort()
    .map((day) => summarizeDay(day, events, spans))
    .filter((s) => !isEmptySummary(s));
}

/** Counts and deposits by class of a period: the sum of its days. */
export function sumCounts(days: Iterable<DaySummary>): Pick<DaySummary, 'counts' | 'uploadsByClass'> {
  const total = emptyDaySummary('');
  for (const d of days) {
    for (const k of EVENT_KINDS) total.counts[k] += d.counts[k];
    for (const [cls, n] of Object.entries(d.uploadsByClass) as [DocClass, number][])
      add(total.uploadsByClass, cls, n);
  }
  return { counts: total.counts, uploadsByClass: total.uploadsByClass };
}

/** Minutes spent on the DMP (web access and timer) over the days. */
export function dmpMinutesOf(days: Iterable<DaySummary>): number {
  let ms = 0;
  for (const d of days) ms += d.timeMs.dmp;
  return ms / 60_000;
}

/** DMP minutes per consultation; null with no consultation. */
export function dmpMinutesPerConsultation(days: readonly DaySummary[]): number | null {
  const consultations = days.reduce((n, d) => n + d.counts.encounter, 0);
  return consultations === 0 ? null : dmpMinutesOf(days) / consultations;
}

/** Median time of a timed deposit, in seconds; null with none timed. */
export function medianDepositSeconds(days: Iterable<DaySummary>): number | null {
  const durations = [...days].flatMap((d) => d.depositDurationsMs).sort((a, b) => a - b);
  if (durations.length === 0) return null;
  const mid = Math.floor(durations.length / 2);
  const ms =
    durations.length % 2 === 1
      ? (durations[mid] as number)
      : ((durations[mid - 1] as number) + (durations[mid] as number)) / 2;
  return ms / 1000;
}

export interface CostlyActsAfterRead {
  costlyActs: number;
  /** Costly acts with a DMP read of the same consultation at an earlier instant. */
  afterRead: number;
  /** afterRead / costlyActs; null when there is no costly act. */
  share: number | null;
}

export function costlyActsAfterRead(days: Iterable<DaySummary>): CostlyActsAfterRead {
  let costlyActs = 0;
  let afterRead = 0;
  for (const d of days) {
    costlyActs += d.counts.costly_act;
    afterRead += d.costlyActsAfterRead;
  }
  return { costlyActs, afterRead, share: costlyActs === 0 ? null : afterRead / costlyActs };
}

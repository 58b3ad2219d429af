import * as v from 'valibot';
import { splitAtLocalMidnights } from './calendar';
import type { TimeSpan } from '../domain/spans';
import { SiteIdSchema } from './events';

/**
 * Time accounting: heartbeats from the visible, focused, active tab merged into time spans.
 * Pure: the background keeps the one open span in session storage (it is plain data) and
 * writes the closed spans; after a service-worker restart it reloads the open span and goes on.
 *
 * A span runs from its first heartbeat to the last one (or to the moment it is closed, within
 * the gap). There is never more than one open span, so two tabs never count twice.
 */

/** How often the active tab sends a heartbeat. */
export const HEARTBEAT_MS = 15_000;
/** Default gap after which the time between two heartbeats is not counted. */
export const DEFAULT_GAP_MS = 2 * HEARTBEAT_MS;

export const HEARTBEAT_ACTIVITIES = ['dmp', 'program'] as const;
export type HeartbeatActivity = (typeof HEARTBEAT_ACTIVITIES)[number];

const InstantSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

export const HeartbeatSchema = v.strictObject({
  site: SiteIdSchema,
  activity: v.picklist(HEARTBEAT_ACTIVITIES),
  tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  at: InstantSchema,
});
export type Heartbeat = v.InferOutput<typeof HeartbeatSchema>;

/** The span being counted, as persisted between heartbeats (check it with the schema on reload). */
export const OpenSpanSchema = v.pipe(
  v.strictObject({
    site: SiteIdSchema,
    activity: v.picklist(HEARTBEAT_ACTIVITIES),
    tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
    start: InstantSchema,
    end: InstantSchema,
  }),
  v.check((s) => s.end >= s.start, 'open span ends before it starts'),
);
export type OpenSpan = v.InferOutput<typeof OpenSpanSchema>;

export interface HeartbeatResult {
  open: OpenSpan;
  closed: TimeSpan[];
}

/** Deterministic id: writing the same span twice writes one record. */
export function spanId(site: string, activity: TimeSpan['activity'], start: number): string {
  return `span:${site}:${activity}:${start}`;
}

function toSpans(site: string, activity: TimeSpan['activity'], start: number, end: number): TimeSpan[] {
  return splitAtLocalMidnights(start, end).map((part) => ({
    id: spanId(site, activity, part.start),
    site,
    activity,
    start: part.start,
    end: part.end,
    day: part.day,
  }));
}

/** The open span ended at `end`, as stored spans (one per local day; none when empty). */
function closeAt(open: OpenSpan, end: number): TimeSpan[] {
  return toSpans(open.site, open.activity, open.start, Math.max(open.start, end));
}

/**
 * Merges one heartbeat:
 * - same site, activity and tab, within `gapMs` of the open span's end: the span is extended;
 * - another tab, site or activity within `gapMs`: the open span is closed at the heartbeat
 *   (the time in between went to the page that was active) and a new one starts there;
 * - any heartbeat more than `gapMs` after the end: the open span is closed at its end (the
 *   time in between is not counted) and a new one starts at the heartbeat.
 * A late heartbeat (before the open span's end) never makes two spans overlap.
 */
export function applyHeartbeat(
  open: OpenSpan | null,
  hb: Heartbeat,
  gapMs: number = DEFAULT_GAP_MS,
): HeartbeatResult {
  const fresh = (start: number): OpenSpan => ({
    site: hb.site,
    activity: hb.activity,
    tabId: hb.tabId,
    start,
    end: start,
  });
  if (!open) return { open: fresh(hb.at), closed: [] };
  const same = open.site === hb.site && open.activity === hb.activity && open.tabId === hb.tabId;
  if (hb.at <= open.end) {
    // Late or repeated heartbeat: nothing to extend; a switch starts where the open span ended.
    if (same) return { open, closed: [] };
    return { open: fresh(open.end), closed: closeAt(open, open.end) };
  }
  const withinGap = hb.at - open.end <= gapMs;
  if (same && withinGap) return { open: { ...open, end: hb.at }, closed: [] };
  const closedEnd = withinGap ? hb.at : open.end;
  return { open: fresh(hb.at), closed: closeAt(open, closedEnd) };
}

/**
 * Closes the open span for idle, lock, blur or tab close at `at`: it ends at `at`, but never
 * more than `gapMs` after its last heartbeat (nor before it).
 */
export function closeSpan(open: OpenSpan, at: number, gapMs: number = DEFAULT_GAP_MS): TimeSpan[] {
  return closeAt(open, Math.min(Math.max(at, open.end), open.end + gapMs));
}

/** The popup's "Je travaille sur le DMP" timer, as spans (one per local day it covers). */
export function manualTimerSpan(startAt: number, stopAt: number): TimeSpan[] {
  return toSpans('manual', 'manual', startAt, stopAt);
}

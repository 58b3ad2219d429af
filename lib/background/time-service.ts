import * as v from 'valibot';
import { putSpans, type SuiviDb } from '../storage/db';
import type { TimeSpan } from '../domain/spans';
import {
  applyHeartbeat,
  closeSpan,
  manualTimerSpan,
  OpenSpanSchema,
  type OpenSpan,
} from '../domain/time-accounting';
import { heartbeatGapMs, type Settings } from '../domain/settings';
import type { RequestOf } from '../messaging/protocol';
import type { TimeReply } from '../messaging/replies';
import type { From } from '../messaging/channels';
import { SerialQueue } from './serial';

/** Messages of time accounting, from watched pages (heartbeats) and from the popup (timer). */
export type TimeMessage = RequestOf<
  'heartbeat' | 'activity_stop' | 'timer_start' | 'timer_stop' | 'timer_state'
>;

/** A manual timer left running longer than this is cut there (a forgotten timer is not work). */
export const MANUAL_TIMER_MAX_MS = 8 * 60 * 60 * 1000;

export interface TimeServiceDeps {
  db: SuiviDb;
  /** The open span, kept where a restarted service worker finds it (session storage). */
  openSpan: { get(): Promise<unknown>; set(open: OpenSpan | null): Promise<void> };
  /** When the manual timer was started, kept across browser restarts (local storage). */
  timer: { get(): Promise<number | null>; set(startedAt: number | null): Promise<void> };
  settings: () => Promise<Settings>;
  /** The browser's idle state for a threshold in seconds. */
  idleState: (thresholdS: number) => Promise<'active' | 'idle' | 'locked'>;
  now: () => number;
  log: (reason: string) => void;
}

/**
 * Time accounting in the background: merges heartbeats into spans, closes the span at idle,
 * lock, blur or tab close, and runs the manual timer. Nothing lives only in memory: the open
 * span is reloaded from session storage, so a stopped service worker loses nothing.
 */
export class TimeService {
  private readonly queue = new SerialQueue<'time'>();

  constructor(private readonly deps: TimeServiceDeps) {}

  /** A heartbeat or a stop from a watched page, or a timer message from the popup (checked by the router). */
  handle(message: TimeMessage, from: From): Promise<TimeReply> {
    return this.serialized(async () => {
      if (from.channel === 'watched') {
        if (message.type === 'heartbeat') return this.heartbeat(from.site, message.activity, from.tabId);
        if (message.type === 'activity_stop') {
          await this.stopNow(from.tabId);
          return { ok: true, counting: false };
        }
      }
      if (message.type === 'heartbeat' || message.type === 'activity_stop')
        return { ok: false, error: `${message.type} must come from a watched page` };
      return this.timer(message.type);
    });
  }

  /** Idle, lock, window blur, tab closed: the span ends now (only that tab's, when one is named). */
  stop(tabId?: number): Promise<void> {
    return this.serialized(async () => {
      const open = await this.loadOpen();
      if (!open || (tabId !== undefined && open.tabId !== tabId)) return;
      const gap = heartbeatGapMs(await this.deps.settings());
      await this.writeSpans(closeSpan(open, this.deps.now(), gap));
      await this.deps.openSpan.set(null);
    });
  }

  private serialized<T>(job: () => Promise<T>): Promise<T> {
    return this.queue.run('time', job);
  }

  private async heartbeat(site: string, activity: OpenSpan['activity'], tabId: number): Promise<TimeReply> {
    const settings = await this.deps.settings();
    const gap = heartbeatGapMs(settings);
    const at = this.deps.now();
    const open = await this.loadOpen();
    if ((await this.deps.idleState(settings.idleThresholdS)) !== 'active') {
      if (open) {
        await this.writeSpans(closeSpan(open, at, gap));
        await this.deps.openSpan.set(null);
      }
      return { ok: true, counting: false };
    }
    const step = applyHeartbeat(open, { site, activity, tabId, at }, gap);
    // The open span is written too (same id, later end), so the figures include it at once.
    await this.writeSpans([...step.closed, ...closeSpan(step.open, step.open.end, gap)]);
    await this.deps.openSpan.set(step.open);
    return { ok: true, counting: true };
  }

  private async stopNow(tabId: number): Promise<void> {
    const open = await this.loadOpen();
    if (!open || open.tabId !== tabId) return;
    const gap = heartbeatGapMs(await this.deps.settings());
    await this.writeSpans(closeSpan(open, this.deps.now(), gap));
    await this.deps.openSpan.set(null);
  }

  private async timer(type: 'timer_start' | 'timer_stop' | 'timer_state'): Promise<TimeReply> {
    const startedAt = await this.deps.timer.get();
    const now = this.deps.now();
    if (type === 'timer_state') return { ok: true, timerStartedAt: startedAt };
    if (type === 'timer_start') {
      if (startedAt === null) await this.deps.timer.set(now);
      return { ok: true, timerStartedAt: startedAt ?? now };
    }
    if (startedAt === null) return { ok: true, timerStartedAt: null };
    const stopAt = Math.min(now, startedAt + MANUAL_TIMER_MAX_MS);
    if (stopAt > startedAt) await this.writeSpans(manualTimerSpan(startedAt, stopAt));
    await this.deps.timer.set(null);
    return { ok: true, timerStartedAt: null };
  }

  private async loadOpen(): Promise<OpenSpan | null> {
    const stored = await this.deps.openSpan.get();
    if (stored == null) return null;
    const parsed = v.safeParse(OpenSpanSchema, stored);
    if (parsed.success) return parsed.output;
    this.deps.log('dropped an unreadable open span');
    await this.deps.openSpan.set(null);
    return null;
  }

  private writeSpans(spans: TimeSpan[]): Promise<void> {
    return putSpans(this.deps.db, spans);
  }
}

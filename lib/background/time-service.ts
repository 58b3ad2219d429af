import * as v from 'valibot';
import { putSpans, type SuiviDb } from '../storage/db';
import type { TimeSpan } from '../domain/spans';
import {
  applyHeartbeat,
  closeSpan,
  HEARTBEAT_ACTIVITIES,
  manualTimerSpan,
  OpenSpanSchema,
  type OpenSpan,
} from '../domain/time-accounting';
import { heartbeatGapMs, type Settings } from '../domain/settings';
import { issueReason, type SenderInfo } from '../messaging/messages';
import { SerialQueue } from './serial';

/** Messages of time accounting, from watched pages (heartbeats) and from the popup (timer). */
export const TimeMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('heartbeat'), activity: v.picklist(HEARTBEAT_ACTIVITIES) }),
  v.strictObject({ type: v.literal('activity_stop') }),
  v.strictObject({ type: v.literal('timer_start') }),
  v.strictObject({ type: v.literal('timer_stop') }),
  v.strictObject({ type: v.literal('timer_state') }),
]);
export type TimeMessage = v.InferOutput<typeof TimeMessageSchema>;

const TIME_TYPES = new Set(['heartbeat', 'activity_stop', 'timer_start', 'timer_stop', 'timer_state']);

export function isTimeMessage(raw: unknown): boolean {
  return (
    typeof raw === 'object' && raw !== null && TIME_TYPES.has((raw as { type?: unknown }).type as string)
  );
}

/** A manual timer left running longer than this is cut there (a forgotten timer is not work). */
export const MANUAL_TIMER_MAX_MS = 8 * 60 * 60 * 1000;

export type TimeReply =
  { ok: true; timerStartedAt?: number | null; counting?: boolean } | { ok: false; error: string };

export interface TimeServiceDeps {
  db: SuiviDb;
  /** The open span, kept where a restarted service worker finds it (session storage). */
  openSpan: { get(): Promise<unknown>; set(open: OpenSpan | null): Promise<void> };
  /** When the manual timer was started, kept across browser restarts (local storage). */
  timer: { get(): Promise<number | null>; set(startedAt: number | null): Promise<void> };
  settings: () => Promise<Settings>;
  /** The browser's idle state for a threshold in seconds. */
  idleState: (thresholdS: number) => Promise<'active' | 'idle' | 'locked'>;
  /** The adapter id of a watched page's host, or undefined when the host is not watched. */
  siteOfPage: (url: string) => Promise<string | undefined>;
  ownOrigin: string;
  ownId: string;
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

  route(raw: unknown, sender: SenderInfo): Promise<TimeReply> {
    return this.serialized(() => this.handle(raw, sender));
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

  private refuse(reason: string): TimeReply {
    this.deps.log(`refused: ${reason}`);
    return { ok: false, error: reason };
  }

  private async handle(raw: unknown, sender: SenderInfo): Promise<TimeReply> {
    if (sender.extensionId !== this.deps.ownId) return this.refuse('sender is not this extension');
    const parsed = v.safeParse(TimeMessageSchema, raw);
    if (!parsed.success) return this.refuse(issueReason(parsed.issues[0], false));
    const message = parsed.output;
    const fromExtensionPage = sender.url?.startsWith(this.deps.ownOrigin) ?? false;

    if (message.type === 'heartbeat' || message.type === 'activity_stop') {
      if (fromExtensionPage || sender.tabId === undefined || !sender.url)
        return this.refuse(`${message.type} must come from a watched page`);
      if (sender.frameId !== undefined && sender.frameId !== 0)
        return this.refuse(`${message.type} from a sub-frame`);
      let site: string | undefined;
      try {
        site = await this.deps.siteOfPage(sender.url);
      } catch {
        return this.refuse(`${message.type} from a malformed URL`);
      }
      if (!site) return this.refuse(`${message.type} from a page that is not watched`);
      if (message.type === 'activity_stop') {
        await this.stopNow(sender.tabId);
        return { ok: true, counting: false };
      }
      return this.heartbeat(site, message.activity, sender.tabId);
    }
    if (!fromExtensionPage) return this.refuse(`only the extension's pages may send ${message.type}`);
    return this.timer(message.type);
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

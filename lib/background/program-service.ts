import * as v from 'valibot';
import { eventsBetweenDays, putEvent, setUndone, type SuiviDb } from '../storage/db';
import {
  encounterCounts,
  encounterEventId,
  joinEncounter,
  liveEncounter,
  startEncounter,
  type EncounterStore,
} from './encounters';
import { localDay } from '../domain/calendar';
import { makeEvent, type DmpEvent, type EventKind } from '../domain/events';
import { issueReason, type SenderInfo } from '../messaging/messages';
import { describeWriteError, type CountedEvent, type Reply } from './recorder';
import { summarize } from '../domain/summary';
import { siteOfHost } from '../sites';
import {
  DASHBOARD_TYPES,
  PROGRAM_PAGE_TYPES,
  ProgramMessageSchema,
  type OverlayPush,
  type ProgramMessage,
  type ResponsePush,
} from '../messaging/program-protocol';
import { SiteRecordSchema, TaughtRuleSchema, type SiteRecord, type TaughtRule } from '../domain/rules';
import type { CarriedAttempt } from '../messaging/program-protocol';
import { noteRule, noteSiteSeen, type HealthRecord } from '../domain/rule-health';
import {
  deleteTaughtRule,
  listSites,
  makeUnconfirmed,
  putSite,
  putTaughtRule,
  putUnconfirmed,
  removeSite,
  renameTaughtRule,
  takeUnconfirmed,
  taughtRulesOf,
  touchTaughtRule,
} from '../storage/rule-store';
import { SerialQueue } from './serial';

/** An attempt waiting for a URL on a later page load of its tab (kept in session storage). */
export interface CarriedRecord extends CarriedAttempt {
  kind: EventKind;
  source: 'auto' | 'taught';
  expiresAt: number;
  /** A later page load can confirm it (URL signal); otherwise it dies with its page. */
  crossPage: boolean;
}

export interface CarriedStore {
  get(tabId: number): Promise<CarriedRecord[]>;
  set(tabId: number, records: CarriedRecord[]): Promise<void>;
  remove(tabId: number): Promise<void>;
}

export interface ProgramServiceDeps {
  db: SuiviDb;
  encounters: EncounterStore;
  carried: CarriedStore;
  now: () => number;
  ownId: string;
  ownOrigin: string;
  /** Registers / removes the content script of a user site (scripting API). */
  registerSite(host: string): Promise<void>;
  unregisterSite(host: string): Promise<void>;
  /** Tells a tab's top frame what was counted (the overlay may live in another frame). */
  push(tabId: number, message: OverlayPush): void;
  /** Tells every frame of a tab (the attempt may wait in an iframe). */
  pushAll?(tabId: number, message: ResponsePush): void;
  /** Rule health (storage.local): read and written whole, it is small. */
  health?: { get(): Promise<HealthRecord>; set(h: HealthRecord): Promise<void> };
  log(reason: string): void;
  onChange(): void;
}

export type ProgramReply =
  | (Extract<Reply, { ok: true }> & {
      enabled?: boolean;
      taught?: TaughtRule[];
      carried?: CarriedAttempt[];
      encounterCounts?: Partial<Record<EventKind, number>>;
    })
  | Extract<Reply, { ok: false }>;

function counted(event: DmpEvent): CountedEvent {
  return { id: event.id, kind: event.kind, docClass: event.docClass, source: event.source };
}

/**
 * The background's half of the practice-program detectors: checks who is talking, then records
 * counted attempts (linked to the tab's encounter), keeps attempts waiting across page loads,
 * files unconfirmed ones, and keeps the sites and taught rules the dashboard edits.
 */
export class ProgramService {
  private readonly queue = new SerialQueue<number>();
  /**
   * Requests an attempt waits on, per tab. In memory only: if the worker stops meanwhile, the
   * attempt still has its page signals and its time-out.
   */
  private readonly watches = new Map<
    number,
    Array<{ attemptId: string; url: RegExp; status: string; expiresAt: number }>
  >();
  /**
   * Responses of the last few seconds per tab, in memory only: a fast server can answer before
   * the page's "watch this" message reaches the background. Each one settles one attempt.
   */
  private readonly recent = new Map<
    number,
    Array<{ path: string; status: '2xx' | '4xx' | '5xx'; at: number }>
  >();
  private userHosts: Set<string> | null = null;
  private disabled: Set<string> | null = null;

  constructor(private readonly deps: ProgramServiceDeps) {}

  /** Hosts of enabled user sites (also what the background registers scripts for). */
  async enabledUserHosts(): Promise<string[]> {
    await this.loadSites();
    return [...this.userHosts!];
  }

  /** The adapter id of an enabled program page's URL, or undefined (time accounting asks). */
  async siteOfPage(url: string): Promise<string | undefined> {
    let host: string;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
      host = parsed.hostname.toLowerCase();
    } catch {
      return undefined;
    }
    await this.loadSites();
    const site = siteOfHost(host);
    const enabled = site.startsWith('custom:') ? this.userHosts!.has(host) : !this.disabled!.has(site);
    return enabled ? site : undefined;
  }

  /** After sites were written elsewhere (a backup import): read them again. */
  reloadSites(): Promise<void> {
    return this.loadSites(true);
  }

  private async loadSites(force = false): Promise<void> {
    if (this.userHosts && this.disabled && !force) return;
    const sites = await listSites(this.deps.db);
    this.userHosts = new Set(sites.filter((s) => s.host && s.enabled).map((s) => s.host!));
    this.disabled = new Set(sites.filter((s) => !s.enabled).map((s) => s.id));
  }

  async route(raw: unknown, sender: SenderInfo): Promise<ProgramReply> {
    const refuse = (reason: string): ProgramReply => {
      this.deps.log(`refused: ${reason}`);
      return { ok: false, error: reason };
    };
    if (sender.extensionId !== this.deps.ownId) return refuse('sender is not this extension');
    const parsed = v.safeParse(ProgramMessageSchema, raw);
    if (!parsed.success) return refuse(issueReason(parsed.issues[0]));
    const message = parsed.output;
    const fromExtension = sender.url?.startsWith(this.deps.ownOrigin) ?? false;
    if (DASHBOARD_TYPES.has(message.type)) {
      if (!fromExtension) return refuse(`only the dashboard may send ${message.type}`);
      return this.serialized(-1, () => this.dashboard(message));
    }
    if (!PROGRAM_PAGE_TYPES.has(message.type)) return refuse('unknown message');
    let host: string;
    try {
      const url = new URL(sender.url ?? '');
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('sender is not a web page');
      host = url.hostname.toLowerCase();
    } catch {
      return refuse('sender URL malformed');
    }
    if (sender.tabId === undefined) return refuse('sender has no tab');
    await this.loadSites();
    const site = siteOfHost(host);
    const known = site.startsWith('custom:') ? this.userHosts!.has(host) : !this.disabled!.has(site);
    if (!known) return refuse(`sender ${host} is not an enabled site`);
    if ((message as { site: string }).site !== site)
      return refuse(`site ${(message as { site: string }).site} does not match ${host}`);
    const tabId = sender.tabId;
    return this.serialized(tabId, () => this.page(message, tabId, site, host));
  }

  private serialized<T>(key: number, job: () => Promise<T>): Promise<T> {
    return this.queue.run(key, job);
  }

  private async todayEvents(): Promise<DmpEvent[]> {
    const today = localDay(this.deps.now());
    return eventsBetweenDays(this.deps.db, today, today);
  }

  /** Today's counts, and the counts of the tab's encounter when one is going on. */
  private async status(tabId: number): Promise<{
    today: ReturnType<typeof summarize>['counts'];
    encounterCounts?: Partial<Record<EventKind, number>>;
  }> {
    const events = await this.todayEvents();
    const encounter = liveEncounter(await this.deps.encounters.get(tabId), this.deps.now());
    return {
      today: summarize(events).counts,
      ...(encounter ? { encounterCounts: encounterCounts(events, encounter.id) } : {}),
    };
  }

  private async page(
    message: ProgramMessage,
    tabId: number,
    site: string,
    host: string,
  ): Promise<ProgramReply> {
    const { db, now } = this.deps;
    try {
      switch (message.type) {
        case 'engine_hello': {
          if (message.topFrame) await this.updateHealth((h) => noteSiteSeen(h, site, now()));
          const taught = await taughtRulesOf(db, host);
          // Only the top frame's load settles attempts carried from the previous page.
          const carried = message.topFrame ? await this.takeCarried(tabId, site) : [];
          return { ok: true, enabled: true, taught, carried, ...(await this.status(tabId)) };
        }
        case 'engine_watch': {
          const list = (this.watches.get(tabId) ?? []).filter((w) => w.expiresAt > now());
          for (const w of message.watches)
            list.push({
              attemptId: message.attemptId,
              url: new RegExp(w.url, 'i'),
              status: w.status,
              expiresAt: now() + message.timeoutMs,
            });
          this.watches.set(tabId, list.slice(-32));
          // Already answered between the click and this message?
          const recent = this.recent.get(tabId) ?? [];
          const since = message.startedAt - 50;
          for (const [i, r] of recent.entries()) {
            if (r.at >= since && this.settle(tabId, r.path, r.status)) {
              recent.splice(i, 1);
              break;
            }
          }
          return { ok: true };
        }
        case 'engine_encounter': {
          await this.deps.encounters.set(tabId, startEncounter(site, now()));
          this.deps.push(tabId, { type: 'overlay_push', encounterCounts: {} });
          return { ok: true };
        }
        case 'engine_attempt':
          return await this.attempt(message, tabId, site);
        case 'page_manual': {
          const event = await this.record(tabId, {
            id: message.id,
            kind: message.kind,
            site: 'manual',
            source: 'manual',
          });
          return { ok: true, counted: event ? [counted(event)] : [], ...(await this.status(tabId)) };
        }
        case 'page_undo': {
          const updated = await setUndone(db, message.id, true);
          if (!updated) return { ok: false, error: 'unknown_event' };
          const status = await this.status(tabId);
          this.deps.push(tabId, {
            type: 'overlay_push',
            depositsToday: status.today.dmp_upload,
            ...(status.encounterCounts ? { encounterCounts: status.encounterCounts } : {}),
          });
          return { ok: true, event: counted(updated), ...status };
        }
        case 'taught_save': {
          const rule = v.parse(TaughtRuleSchema, {
            id: message.id,
            host,
            name: message.name,
            event: message.event,
            ...(message.selector ? { selector: message.selector } : {}),
            ...(message.text ? { text: message.text } : {}),
            ...(message.successText ? { successText: message.successText } : {}),
            createdAt: now(),
          });
          if (!rule.selector && !rule.text) return { ok: false, error: 'empty_rule' };
          await putTaughtRule(db, rule);
          return { ok: true };
        }
        default:
          return { ok: false, error: 'unknown message' };
      }
    } catch (error) {
      return { ok: false, error: describeWriteError(error) };
    } finally {
      if (message.type !== 'engine_hello') this.deps.onChange();
    }
  }

  private async attempt(
    message: Extract<ProgramMessage, { type: 'engine_attempt' }>,
    tabId: number,
    site: string,
  ): Promise<ProgramReply> {
    const { db, now } = this.deps;
    await this.updateHealth((h) => noteRule(h, site, message.ruleId, message.outcome, now()));
    if (message.source === 'taught') await touchTaughtRule(db, message.ruleId, now()).catch(() => undefined);
    await this.dropCarried(tabId, message.attemptId);
    // An answer that came after the attempt was filed as unconfirmed takes it off that list.
    if (message.outcome !== 'unconfirmed' && message.outcome !== 'pending')
      await takeUnconfirmed(db, message.attemptId);
    switch (message.outcome) {
      case 'pending': {
        // Every waiting attempt is kept here too: if its page goes away before the answer
        // (navigation, tab closed), it is filed as unconfirmed instead of being lost.
        {
          const list = await this.deps.carried.get(tabId);
          list.push({
            attemptId: message.attemptId,
            adapterId: site,
            ruleId: message.ruleId,
            startedAt: now(),
            kind: message.kind,
            source: message.source,
            expiresAt: now() + (message.timeoutMs ?? 60_000),
            crossPage: message.crossPage ?? false,
            ...(message.docClass ? { docClass: message.docClass } : {}),
          });
          await this.deps.carried.set(tabId, list.slice(-16));
        }
        this.deps.push(tabId, { type: 'overlay_push', waiting: true });
        return { ok: true };
      }
      case 'counted':
      case 'confirmed': {
        const event = await this.record(tabId, {
          id: message.attemptId,
          kind: message.kind,
          site,
          source: message.source,
          ...(message.docClass ? { docClass: message.docClass } : {}),
          ...(message.kind === 'dmp_upload' && message.durationMs !== undefined
            ? { durationMs: message.durationMs }
            : {}),
        });
        return { ok: true, counted: event ? [counted(event)] : [] };
      }
      case 'failed': {
        if (message.kind !== 'dmp_upload') {
          this.deps.push(tabId, { type: 'overlay_push', waiting: false });
          return { ok: true, counted: [] };
        }
        const event = await this.record(tabId, {
          id: `${message.attemptId}:failed`,
          kind: 'dmp_upload_failed',
          site,
          source: message.source,
          ...(message.docClass ? { docClass: message.docClass } : {}),
        });
        return { ok: true, counted: event ? [counted(event)] : [] };
      }
      case 'cancelled':
        this.deps.push(tabId, { type: 'overlay_push', waiting: false });
        return { ok: true };
      case 'unconfirmed': {
        const encounter = liveEncounter(await this.deps.encounters.get(tabId), now());
        await putUnconfirmed(
          db,
          makeUnconfirmed({
            id: message.attemptId,
            at: now(),
            site,
            ruleId: message.ruleId,
            kind: message.kind,
            source: message.source,
            ...(message.docClass ? { docClass: message.docClass } : {}),
            ...(encounter ? { encounter: encounter.id } : {}),
          }),
        );
        this.deps.push(tabId, { type: 'overlay_push', waiting: false });
        return { ok: true };
      }
    }
  }

  /** Writes an event linked to the tab's encounter, then tells the tab's overlay. */
  private async record(
    tabId: number,
    fields: Omit<DmpEvent, 'day' | 'at' | 'encounter'>,
  ): Promise<DmpEvent | undefined> {
    const { db, now, encounters } = this.deps;
    const at = now();
    const encounter = joinEncounter(await encounters.get(tabId), fields.kind, fields.site, at);
    if (encounter) await encounters.set(tabId, encounter);
    const id = fields.kind === 'encounter' && encounter ? encounterEventId(encounter.id) : fields.id;
    const event = makeEvent({ ...fields, id, at, ...(encounter ? { encounter: encounter.id } : {}) });
    const result = await putEvent(db, event);
    const status = await this.status(tabId);
    this.deps.push(tabId, {
      type: 'overlay_push',
      waiting: false,
      depositsToday: status.today.dmp_upload,
      ...(status.encounterCounts ? { encounterCounts: status.encounterCounts } : {}),
      // The same consultation signalled twice (billing after the form) counts once.
      ...(result === 'added' ? { counted: counted(event) } : {}),
    });
    return result === 'added' ? event : undefined;
  }

  private async takeCarried(tabId: number, site: string): Promise<CarriedAttempt[]> {
    const now = this.deps.now();
    const all = await this.deps.carried.get(tabId);
    const live: CarriedRecord[] = [];
    for (const item of all) {
      if (item.expiresAt > now && item.crossPage) {
        live.push(item);
        continue;
      }
      await putUnconfirmed(
        this.deps.db,
        makeUnconfirmed({
          id: item.attemptId,
          at: item.startedAt,
          site: item.adapterId,
          ruleId: item.ruleId,
          kind: item.kind,
          source: item.source,
          ...(item.docClass ? { docClass: item.docClass } : {}),
        }),
      );
    }
    await this.deps.carried.set(tabId, live);
    return live
      .filter((c) => c.adapterId === site)
      .map(({ attemptId, adapterId, ruleId, startedAt, docClass }) => ({
        attemptId,
        adapterId,
        ruleId,
        startedAt,
        ...(docClass ? { docClass } : {}),
      }));
  }

  /**
   * A response completed in a tab (webRequest): the status class goes to the attempt waiting
   * on a request of that URL path. Only the path is matched and nothing of it is kept.
   */
  responseCompleted(tabId: number, url: string, statusCode: number): void {
    const status =
      statusCode >= 500
        ? '5xx'
        : statusCode >= 400
          ? '4xx'
          : statusCode >= 200 && statusCode < 300
            ? '2xx'
            : null;
    if (!status) return;
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return;
    }
    if (this.settle(tabId, path, status)) return;
    const now = this.deps.now();
    const recent = (this.recent.get(tabId) ?? []).filter((r) => now - r.at < 10_000);
    recent.push({ path, status, at: now });
    this.recent.set(tabId, recent.slice(-20));
  }

  /** Gives a response to the first attempt waiting on it; false if none was. */
  private settle(tabId: number, path: string, status: '2xx' | '4xx' | '5xx'): boolean {
    const list = this.watches.get(tabId) ?? [];
    const now = this.deps.now();
    const hit = list.find((w) => w.expiresAt > now && w.status === status && w.url.test(path));
    if (!hit) return false;
    this.watches.set(
      tabId,
      list.filter((w) => w.attemptId !== hit.attemptId && w.expiresAt > now),
    );
    this.deps.pushAll?.(tabId, { type: 'response_seen', attemptId: hit.attemptId, status });
    return true;
  }

  private healthChain: Promise<void> = Promise.resolve();

  /** One change at a time (tabs run in parallel): read, change, write. */
  private updateHealth(change: (h: HealthRecord) => HealthRecord): Promise<void> {
    const health = this.deps.health;
    if (!health) return Promise.resolve();
    this.healthChain = this.healthChain.then(async () => {
      try {
        await health.set(change(await health.get()));
      } catch {
        // Health is a hint for the dashboard: never a reason to lose a count.
      }
    });
    return this.healthChain;
  }

  /** The tab was closed: what waited there is unconfirmed, its encounter is over. */
  async forgetTab(tabId: number): Promise<void> {
    await this.serialized(tabId, async () => {
      const all = await this.deps.carried.get(tabId);
      for (const item of all) {
        await putUnconfirmed(
          this.deps.db,
          makeUnconfirmed({
            id: item.attemptId,
            at: item.startedAt,
            site: item.adapterId,
            ruleId: item.ruleId,
            kind: item.kind,
            source: item.source,
            ...(item.docClass ? { docClass: item.docClass } : {}),
          }),
        );
      }
      await this.deps.carried.remove(tabId);
      await this.deps.encounters.delete(tabId);
      this.watches.delete(tabId);
      this.recent.delete(tabId);
    });
  }

  private async dropCarried(tabId: number, attemptId: string): Promise<void> {
    const list = await this.deps.carried.get(tabId);
    if (list.some((c) => c.attemptId === attemptId))
      await this.deps.carried.set(
        tabId,
        list.filter((c) => c.attemptId !== attemptId),
      );
  }

  private async dashboard(message: ProgramMessage): Promise<ProgramReply> {
    const { db, now } = this.deps;
    try {
      switch (message.type) {
        case 'site_add': {
          const site: SiteRecord = v.parse(SiteRecordSchema, {
            id: `custom:${message.host}`,
            host: message.host,
            enabled: true,
            addedAt: now(),
          });
          await putSite(db, site);
          // Known before its script runs: an open page injected now says hello at once.
          await this.loadSites(true);
          await this.deps.registerSite(message.host);
          break;
        }
        case 'site_remove': {
          const removed = await removeSite(db, message.id);
          if (removed?.host) await this.deps.unregisterSite(removed.host);
          break;
        }
        case 'site_toggle': {
          const existing = (await listSites(db)).find((s) => s.id === message.id);
          if (message.id.startsWith('custom:')) {
            if (!existing?.host) return { ok: false, error: 'unknown_site' };
            await putSite(db, { ...existing, enabled: message.enabled });
            await this.loadSites(true);
            if (message.enabled) await this.deps.registerSite(existing.host);
            else await this.deps.unregisterSite(existing.host);
          } else {
            await putSite(db, {
              id: message.id,
              enabled: message.enabled,
              addedAt: existing?.addedAt ?? now(),
            });
          }
          break;
        }
        case 'taught_rename':
          await renameTaughtRule(db, message.id, message.name);
          break;
        case 'taught_delete':
          await deleteTaughtRule(db, message.id);
          break;
        case 'unconfirmed_resolve': {
          const record = await takeUnconfirmed(db, message.id);
          if (record && message.confirm) {
            const { id, at, kind, site, source, docClass, encounter } = record;
            await putEvent(
              db,
              makeEvent({
                id,
                at,
                kind,
                site,
                source,
                ...(docClass ? { docClass } : {}),
                ...(encounter ? { encounter } : {}),
              }),
            );
          }
          break;
        }
        default:
          return { ok: false, error: 'unknown message' };
      }
      await this.loadSites(true);
      this.deps.onChange();
      return { ok: true };
    } catch (error) {
      return { ok: false, error: describeWriteError(error) };
    }
  }
}

/** Attempts carried across page loads, per tab, in `storage.session`. */
export function sessionCarriedStore(area: {
  get(k: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(k: string): Promise<void>;
}): CarriedStore {
  const key = (tabId: number) => `engineCarried:${tabId}`;
  return {
    async get(tabId) {
      return ((await area.get(key(tabId)))[key(tabId)] as CarriedRecord[] | undefined) ?? [];
    },
    async set(tabId, records) {
      if (records.length === 0) await area.remove(key(tabId));
      else await area.set({ [key(tabId)]: records });
    },
    async remove(tabId) {
      await area.remove(key(tabId));
    },
  };
}

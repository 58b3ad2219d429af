import type { SuiviDb } from '../storage/db';
import { noteSiteSeen } from '../domain/rule-health';
import type { RequestOf } from '../messaging/protocol';
import type { OverlayPush, ResponsePush } from '../messaging/page-protocol';
import type { DiagnosticReply, EventReply, HelloReply, OkReply } from '../messaging/replies';
import { DEFAULT_SETTINGS, type Settings } from '../domain/settings';
import type { CostlyKind } from '../domain/costly-acts';
import { costlyActsOf, resolveProfile } from '../domain/obligations';
import type { ProgramFrom } from '../messaging/channels';
import { Attempts } from './attempts';
import type { CarriedStore } from './carried-store';
import type { EncounterStore } from './encounters';
import { collectDiagnostic } from './diagnostic-source';
import { describeWriteError, type EventService } from './event-service';
import { ResponseWatch } from './response-watch';
import { healthUpdater, type HealthStore } from './rule-health-store';
import { SerialQueue } from './serial';
import { SickLeaveWatch, type CountedTabs } from './sick-leave-watch';
import { SitesService } from './sites-service';

export interface ProgramServiceDeps {
  db: SuiviDb;
  events: EventService;
  encounters: EncounterStore;
  carried: CarriedStore;
  now: () => number;
  /** Registers / removes the content script of a user site (scripting API). */
  registerSite(host: string): Promise<void>;
  unregisterSite(host: string): Promise<void>;
  /** Tabs whose Ameli Pro page had its sick leave counted (storage.session; memory if absent). */
  sickLeavesCounted?: CountedTabs;
  /** Injects the button picker's script into a tab's top frame (scripting API). */
  injectPicker?(tabId: number): Promise<void>;
  /** Tells a tab's top frame what was counted (the overlay may live in another frame). */
  push(tabId: number, message: OverlayPush): void;
  /** Tells every frame of a tab (the attempt may wait in an iframe). */
  pushAll?(tabId: number, message: ResponsePush): void;
  /** Rule health (storage.local). */
  health?: HealthStore;
  /** The settings the diagnostic names (default: the defaults). */
  settings?: () => Promise<Pick<Settings, 'profileId' | 'idleThresholdS' | 'customProfile'>>;
  /** This build, for the diagnostic. */
  about?: () => { extensionVersion: string; browser: string };
  log(reason: string): void;
  onChange(): void;
}

/**
 * The background's half of the practice-program detectors, once the router has checked who
 * is talking: the messages of a tab are handled one at a time, by the part whose job they are
 * (sites and taught rules, attempts, responses watched, the tab's consultation, events).
 */
export class ProgramService {
  readonly sites: SitesService;
  private readonly attempts: Attempts;
  private readonly responses: ResponseWatch;
  private readonly sickLeaves: SickLeaveWatch;
  private readonly queue = new SerialQueue<number>();
  private readonly updateHealth;

  constructor(private readonly deps: ProgramServiceDeps) {
    this.updateHealth = healthUpdater(deps.health);
    this.sites = new SitesService(deps);
    this.attempts = new Attempts({ ...deps, updateHealth: this.updateHealth });
    this.responses = new ResponseWatch(deps);
    this.sickLeaves = new SickLeaveWatch(deps.sickLeavesCounted);
  }

  /** A page's first word: its taught rules, attempts carried from its previous page, counts. */
  hello(message: RequestOf<'engine_hello'>, from: ProgramFrom): Promise<HelloReply> {
    const { tabId, site, host } = from;
    return this.inTab(
      tabId,
      async () => {
        if (message.topFrame) await this.updateHealth((h) => noteSiteSeen(h, site, this.deps.now()));
        const taught = await this.sites.taughtRulesOf(host);
        // Only the top frame's load settles attempts carried from the previous page. The previous
        // page is gone: its attempts' response watches end with it (never with a frame's load).
        if (message.topFrame) {
          this.responses.pageLeft(tabId);
          await this.sickLeaves.pageLeft(tabId);
        }
        const carried = message.topFrame ? await this.attempts.takeCarried(tabId, site) : [];
        const costlyActs = await this.costlyActs();
        return {
          ok: true,
          enabled: true,
          taught,
          carried,
          costlyActs,
          ...(await this.deps.events.status(tabId, message.topFrame)),
        };
      },
      false,
    );
  }

  attempt(message: RequestOf<'engine_attempt'>, from: ProgramFrom): Promise<EventReply> {
    return this.inTab(from.tabId, () => this.attempts.report(message, from.tabId, from.site));
  }

  watch(message: RequestOf<'engine_watch'>, from: ProgramFrom): Promise<OkReply> {
    return this.inTab(from.tabId, async () => {
      this.responses.watch(message, from.tabId);
      return { ok: true };
    });
  }

  /** A record was opened: a new consultation starts in this tab. */
  encounter(_message: RequestOf<'engine_encounter'>, from: ProgramFrom): Promise<OkReply> {
    return this.inTab(from.tabId, async () => {
      await this.deps.events.startConsultation(from.tabId, from.site);
      this.deps.push(from.tabId, { type: 'overlay_push', encounterCounts: {} });
      return { ok: true };
    });
  }

  saveRule(message: RequestOf<'taught_save'>, from: ProgramFrom): Promise<OkReply> {
    return this.inTab(from.tabId, () => this.sites.saveTaughtRule(message, from.host));
  }

  /** The overlay's undo: the tab's overlay and consultation counts follow. */
  undo(id: string, from: ProgramFrom): Promise<EventReply> {
    return this.inTab(from.tabId, () => this.deps.events.undo(id, from.tabId));
  }

  /** The overlay's "+1". */
  addByHand(message: RequestOf<'add_manual'>, from: ProgramFrom): Promise<EventReply> {
    return this.inTab(from.tabId, () => this.deps.events.addByHand(message, from.tabId));
  }

  /** The dashboard's changes to sites, rules and unconfirmed attempts, one at a time. */
  /** A page asks for the button picker: its script goes into the tab's top frame. */
  async loadPicker(from: ProgramFrom): Promise<OkReply> {
    try {
      if (!this.deps.injectPicker) throw new Error('no scripting here');
      await this.deps.injectPicker(from.tabId);
      return { ok: true };
    } catch (error) {
      this.deps.log(`picker not injected: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: 'picker_unavailable' };
    }
  }

  fromDashboard(change: () => Promise<OkReply>): Promise<OkReply> {
    return this.queue.run(-1, async () => {
      try {
        const reply = await change();
        if (!reply.ok) return reply;
        await this.sites.reloadSites();
        this.deps.onChange();
        return { ok: true };
      } catch (error) {
        return { ok: false, error: describeWriteError(error) };
      }
    });
  }

  resolveUnconfirmed(id: string, confirm: boolean): Promise<OkReply> {
    return this.attempts.resolve(id, confirm);
  }

  /** What counts as a costly act under the chosen profile (the default list without settings). */
  private async costlyActs(): Promise<CostlyKind[]> {
    const settings = await this.deps.settings?.().catch(() => undefined);
    return [...costlyActsOf(resolveProfile(settings?.profileId, settings?.customProfile))];
  }

  /** The diagnostic file's content, for the dashboard. */
  async diagnostic(): Promise<DiagnosticReply> {
    try {
      return await collectDiagnostic({
        db: this.deps.db,
        ...(this.deps.health ? { health: this.deps.health } : {}),
        settings: this.deps.settings ?? (async () => DEFAULT_SETTINGS),
        about: this.deps.about?.() ?? { extensionVersion: '0.0.0', browser: 'other' },
        now: this.deps.now,
      });
    } catch (error) {
      return { ok: false, error: describeWriteError(error) };
    }
  }

  /**
   * See ResponseWatch.responseCompleted. Also Ameli Pro's sick-leave PDFs (sick-leave-watch.ts),
   * counted only once the doctor accepted the offer (the host is an enabled site).
   */
  responseCompleted(tabId: number, url: string, statusCode: number): Promise<void> {
    this.responses.responseCompleted(tabId, url, statusCode);
    const mode = this.sickLeaves.modeOf(url, statusCode);
    if (!mode) return Promise.resolve();
    return this.inTab(tabId, async () => {
      const site = await this.sites.siteOfPage(url);
      if (!site || !(await this.sickLeaves.take(tabId))) return { ok: true };
      try {
        await this.deps.events.record(tabId, {
          id: `sick-${crypto.randomUUID()}`,
          kind: 'sick_leave',
          site,
          source: 'auto',
          mode,
        });
      } catch (error) {
        await this.sickLeaves.release(tabId);
        throw error;
      }
      return { ok: true };
    }).then(() => undefined);
  }

  /** The tab was closed: what waited there is unconfirmed, its consultation is over. */
  async forgetTab(tabId: number): Promise<void> {
    await this.queue.run(tabId, async () => {
      await this.attempts.forgetTab(tabId);
      await this.deps.encounters.delete(tabId);
      this.responses.forgetTab(tabId);
      await this.sickLeaves.pageLeft(tabId);
    });
  }

  /**
   * A page's message, after the tab's previous ones. A storage failure is a reply, not an
   * exception; anything but a hello may have changed the counts (the badge follows).
   */
  private inTab<R extends OkReply | EventReply | HelloReply>(
    tabId: number,
    job: () => Promise<R>,
    changes = true,
  ): Promise<R | { ok: false; error: string }> {
    return this.queue.run(tabId, async () => {
      try {
        return await job();
      } catch (error) {
        return { ok: false as const, error: describeWriteError(error) };
      } finally {
        if (changes) this.deps.onChange();
      }
    });
  }
}

import * as v from 'valibot';
import type { SuiviDb } from '../storage/db';
import { siteOfHost } from '../sites';
import { SiteRecordSchema, TaughtRuleSchema, type SiteRecord, type TaughtRule } from '../domain/rules';
import type { RequestOf } from '../messaging/protocol';
import type { OkReply } from '../messaging/replies';
import {
  deleteTaughtRule,
  listSites,
  putSite,
  putTaughtRule,
  removeSite,
  renameTaughtRule,
  taughtRulesOf,
} from '../storage/rule-store';

export interface SitesServiceDeps {
  db: SuiviDb;
  now: () => number;
  /** Registers / removes the content script of a user site (scripting API). */
  registerSite(host: string): Promise<void>;
  unregisterSite(host: string): Promise<void>;
}

/**
 * Which practice-program sites are listened to (built-in ones unless turned off, and the sites
 * the user added), and the rules the user taught on them. The enabled sites are cached: the
 * channel check asks for them on every message of a program page.
 */
export class SitesService {
  private userHosts: Set<string> | null = null;
  private disabled: Set<string> | null = null;

  constructor(private readonly deps: SitesServiceDeps) {}

  /** Hosts of enabled user sites (also what the background registers scripts for). */
  async enabledUserHosts(): Promise<string[]> {
    await this.load();
    return [...this.userHosts!];
  }

  /** The site id of a host when it is an enabled practice-program site, or undefined. */
  async programSite(host: string): Promise<string | undefined> {
    const lower = host.toLowerCase();
    await this.load();
    const site = siteOfHost(lower);
    const enabled = site.startsWith('custom:') ? this.userHosts!.has(lower) : !this.disabled!.has(site);
    return enabled ? site : undefined;
  }

  /** The adapter id of an enabled program page's URL, or undefined. */
  async siteOfPage(url: string): Promise<string | undefined> {
    let host: string;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
      host = parsed.hostname;
    } catch {
      return undefined;
    }
    return this.programSite(host);
  }

  /** After sites were written elsewhere (a backup import, a dashboard change): read them again. */
  reloadSites(): Promise<void> {
    return this.load(true);
  }

  taughtRulesOf(host: string): Promise<TaughtRule[]> {
    return taughtRulesOf(this.deps.db, host);
  }

  /** A rule taught with the picker on a page of `host`. */
  async saveTaughtRule(message: RequestOf<'taught_save'>, host: string): Promise<OkReply> {
    const rule = v.parse(TaughtRuleSchema, {
      id: message.id,
      host,
      name: message.name,
      event: message.event,
      ...(message.selector ? { selector: message.selector } : {}),
      ...(message.text ? { text: message.text } : {}),
      ...(message.successText ? { successText: message.successText } : {}),
      createdAt: this.deps.now(),
    });
    if (!rule.selector && !rule.text) return { ok: false, error: 'empty_rule' };
    await putTaughtRule(this.deps.db, rule);
    return { ok: true };
  }

  async addSite(host: string): Promise<OkReply> {
    const site: SiteRecord = v.parse(SiteRecordSchema, {
      id: `custom:${host}`,
      host,
      enabled: true,
      addedAt: this.deps.now(),
    });
    await putSite(this.deps.db, site);
    // Known before its script runs: an open page injected now says hello at once.
    await this.load(true);
    await this.deps.registerSite(host);
    return { ok: true };
  }

  async removeSite(id: string): Promise<OkReply> {
    const removed = await removeSite(this.deps.db, id);
    if (removed?.host) await this.deps.unregisterSite(removed.host);
    return { ok: true };
  }

  async toggleSite(id: string, enabled: boolean): Promise<OkReply> {
    const { db, now } = this.deps;
    const existing = (await listSites(db)).find((s) => s.id === id);
    if (id.startsWith('custom:')) {
      if (!existing?.host) return { ok: false, error: 'unknown_site' };
      await putSite(db, { ...existing, enabled });
      await this.load(true);
      if (enabled) await this.deps.registerSite(existing.host);
      else await this.deps.unregisterSite(existing.host);
    } else {
      await putSite(db, { id, enabled, addedAt: existing?.addedAt ?? now() });
    }
    return { ok: true };
  }

  async renameRule(id: string, name: string): Promise<OkReply> {
    await renameTaughtRule(this.deps.db, id, name);
    return { ok: true };
  }

  async deleteRule(id: string): Promise<OkReply> {
    await deleteTaughtRule(this.deps.db, id);
    return { ok: true };
  }

  private async load(force = false): Promise<void> {
    if (this.userHosts && this.disabled && !force) return;
    const sites = await listSites(this.deps.db);
    this.userHosts = new Set(sites.filter((s) => s.host && s.enabled).map((s) => s.host!));
    this.disabled = new Set(sites.filter((s) => !s.enabled).map((s) => s.id));
  }
}

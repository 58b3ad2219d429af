import * as v from 'valibot';
import { localDay } from './calendar';
import { ControlSignalsSchema } from './control-signals';
import { DOC_CLASSES } from './doc-classes';
import { DaySchema, EVENT_KINDS, EVENT_SOURCES, SiteIdSchema } from './events';
import { costlyActsOf, ProfileIdSchema, resolveProfile } from './obligations';
import { CostlyKindsSchema } from './costly-acts';
import { COUNT_FIELDS, ruleState, type HealthRecord } from './rule-health';
import {
  HostSchema,
  isSafetyNetRule,
  RuleIdSchema,
  SAFETY_NET_PREFIX,
  TaughtRuleSchema,
  type Adapter,
  type SiteRecord,
  type TaughtRule,
} from './rules';
import type { Settings } from './settings';
import type { UnconfirmedRecord } from './unconfirmed';

/**
 * The diagnostic a doctor can send to whoever keeps the adapters: per rule, what became of its
 * attempts, and for each attempt no confirmation followed, the clicked control's structure.
 * Rule ids, counts, days, hosts of the sites added, structure of controls: nothing a page
 * says, nothing about a patient. Every field is listed in docs/diagnostic.md.
 */

export const DIAGNOSTIC_FORMAT = 'suivi-dmp-diagnostic/1';
/** Unconfirmed attempts kept in the file, the latest first. */
export const MAX_DIAGNOSTIC_UNCONFIRMED = 200;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Version = v.pipe(v.string(), v.regex(/^\d+(?:\.\d+){0,3}$/, 'version malformed'));

const RuleFiguresSchema = v.strictObject({
  site: SiteIdSchema,
  ruleId: RuleIdSchema,
  /**
   * `builtin` rule of an adapter, `safety-net` (the generic heuristic's rule behind a built-in
   * adapter), `taught` button, or `unknown` (a rule no longer shipped).
   */
  origin: v.picklist(['builtin', 'safety-net', 'taught', 'unknown']),
  event: v.optional(v.picklist(EVENT_KINDS)),
  matches: Count,
  confirmations: Count,
  failures: Count,
  timeouts: Count,
  cancellations: Count,
  countingSince: v.optional(DaySchema),
  lastMatchedOn: v.optional(DaySchema),
  lastConfirmedOn: v.optional(DaySchema),
  state: v.picklist(['ok', 'never', 'silent', 'unconfirmed', 'caught']),
});

export const DiagnosticSchema = v.strictObject({
  format: v.literal(DIAGNOSTIC_FORMAT),
  extensionVersion: Version,
  browser: v.picklist(['chrome', 'firefox', 'other']),
  madeOn: DaySchema,
  settings: v.strictObject({
    profileId: ProfileIdSchema,
    idleThresholdS: Count,
    /** What counts as a costly act under that profile. */
    costlyActs: CostlyKindsSchema,
    /** Sites the user added, by host only. */
    sites: v.array(v.strictObject({ host: HostSchema, enabled: v.boolean(), addedOn: DaySchema })),
    /** Built-in adapters the user turned off. */
    builtinsOff: v.array(SiteIdSchema),
  }),
  adapters: v.array(
    v.strictObject({
      id: SiteIdSchema,
      /** A hash of the adapter's rules: tells which build of them ran, with no version to keep. */
      fingerprint: v.pipe(v.string(), v.regex(/^[0-9a-f]{8}$/)),
      ruleIds: v.array(RuleIdSchema),
    }),
  ),
  taught: v.array(
    v.strictObject({
      id: TaughtRuleSchema.entries.id,
      host: HostSchema,
      event: TaughtRuleSchema.entries.event,
      selector: v.optional(TaughtRuleSchema.entries.selector),
      confirmedByText: v.boolean(),
      createdOn: DaySchema,
      lastMatchedOn: v.optional(DaySchema),
    }),
  ),
  sitesSeen: v.array(v.strictObject({ site: SiteIdSchema, lastSeenOn: DaySchema })),
  rules: v.array(RuleFiguresSchema),
  unconfirmed: v.array(
    v.strictObject({
      day: DaySchema,
      site: SiteIdSchema,
      ruleId: RuleIdSchema,
      kind: v.picklist(EVENT_KINDS),
      source: v.picklist(EVENT_SOURCES),
      docClass: v.optional(v.picklist(DOC_CLASSES)),
      control: v.optional(ControlSignalsSchema),
    }),
  ),
});
export type Diagnostic = v.InferOutput<typeof DiagnosticSchema>;

export interface DiagnosticInput {
  now: number;
  extensionVersion: string;
  browser: string;
  settings: Pick<Settings, 'profileId' | 'idleThresholdS' | 'customProfile'>;
  health: HealthRecord;
  unconfirmed: readonly UnconfirmedRecord[];
  /** The sites store: user sites and built-ins turned off. */
  sites: readonly SiteRecord[];
  taught: readonly TaughtRule[];
  /** The built-in adapters of this build. */
  adapters: readonly Adapter[];
}

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable fingerprint (not a security hash). */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Builds the diagnostic and checks it against its schema (a failure is a bug: it throws). */
export function buildDiagnostic(input: DiagnosticInput): Diagnostic {
  const { now, health } = input;
  const builtin = new Map<string, { site: string; event?: string }>();
  for (const a of input.adapters)
    for (const r of a.rules)
      builtin.set(`${a.id}/${r.id}`, { site: a.id, ...(r.event ? { event: r.event } : {}) });
  const taughtEvents = new Map(input.taught.map((t) => [t.id.toLowerCase().slice(0, 64), t.event]));

  const rules = Object.entries(health.rules)
    .map(([key, h]) => {
      const slash = key.indexOf('/');
      return { key, h, site: key.slice(0, slash), ruleId: key.slice(slash + 1) };
    })
    // A key stored by some older build in another shape is left out, not a reason to fail.
    .filter(({ site, ruleId }) => v.is(SiteIdSchema, site) && v.is(RuleIdSchema, ruleId))
    .map(({ key, h, site, ruleId }) => {
      // A site the user added runs the generic heuristic's rules; a built-in one, behind its
      // own, the same rules under `net-` ids (the safety net).
      const net = isSafetyNetRule(ruleId)
        ? builtin.get(`generic/${ruleId.slice(SAFETY_NET_PREFIX.length)}`)
        : undefined;
      const known =
        builtin.get(key) ??
        (site.startsWith('custom:') ? builtin.get(`generic/${ruleId}`) : undefined) ??
        net;
      const taught = taughtEvents.get(ruleId);
      const counts = h.counts;
      return {
        site,
        ruleId,
        origin: net && known === net ? 'safety-net' : known ? 'builtin' : taught ? 'taught' : 'unknown',
        ...(known?.event ? { event: known.event } : taught ? { event: taught } : {}),
        ...Object.fromEntries(COUNT_FIELDS.map((f) => [f, counts?.[f] ?? 0])),
        ...(counts ? { countingSince: localDay(counts.since) } : {}),
        ...(h.matchedAt !== undefined ? { lastMatchedOn: localDay(h.matchedAt) } : {}),
        ...(h.confirmedAt !== undefined ? { lastConfirmedOn: localDay(h.confirmedAt) } : {}),
        state: ruleState(health, site, ruleId, now),
      };
    })
    .sort((a, b) => (a.site === b.site ? a.ruleId.localeCompare(b.ruleId) : a.site.localeCompare(b.site)));

  const unconfirmed = [...input.unconfirmed]
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_DIAGNOSTIC_UNCONFIRMED)
    .map((u) => ({
      day: u.day,
      site: u.site,
      ruleId: u.ruleId,
      kind: u.kind,
      source: u.source,
      ...(u.docClass ? { docClass: u.docClass } : {}),
      ...(u.control ? { control: u.control } : {}),
    }));

  return v.parse(DiagnosticSchema, {
    format: DIAGNOSTIC_FORMAT,
    extensionVersion: input.extensionVersion,
    browser: input.browser === 'chrome' || input.browser === 'firefox' ? input.browser : 'other',
    madeOn: localDay(now),
    settings: {
      profileId: input.settings.profileId,
      idleThresholdS: input.settings.idleThresholdS,
      costlyActs: costlyActsOf(resolveProfile(input.settings.profileId, input.settings.customProfile)),
      sites: input.sites
        .filter((s) => s.host)
        .map((s) => ({ host: s.host!, enabled: s.enabled, addedOn: localDay(s.addedAt) })),
      builtinsOff: input.sites.filter((s) => !s.host && !s.enabled).map((s) => s.id),
    },
    adapters: input.adapters.map((a) => ({
      id: a.id,
      fingerprint: fingerprint(JSON.stringify(a.rules)),
      ruleIds: a.rules.map((r) => r.id),
    })),
    taught: input.taught.map((t) => ({
      id: t.id,
      host: t.host,
      event: t.event,
      ...(t.selector ? { selector: t.selector } : {}),
      confirmedByText: t.successText !== undefined,
      createdOn: localDay(t.createdAt),
      ...(t.lastMatchedAt !== undefined ? { lastMatchedOn: localDay(t.lastMatchedAt) } : {}),
    })),
    sitesSeen: Object.entries(health.sitesSeen)
      .map(([site, at]) => ({ site, lastSeenOn: localDay(at) }))
      .sort((a, b) => a.site.localeCompare(b.site)),
    rules,
    unconfirmed,
  });
}

/** The file's name: `suivi-dmp-diagnostic-YYYY-MM-DD.json`, the day it was made. */
export function diagnosticFileName(diagnostic: Pick<Diagnostic, 'madeOn'>): string {
  return `suivi-dmp-diagnostic-${diagnostic.madeOn}.json`;
}

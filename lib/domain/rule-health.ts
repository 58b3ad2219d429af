import { isSafetyNetRule } from './rules';

/**
 * Rule health: when each rule last matched (its trigger fired) and last confirmed, and when
 * each site was last in use. Host apps change their markup and built-in rules then go silent
 * without a word; this lets the dashboard say so. Rule ids and times only.
 */
export interface RuleHealth {
  matchedAt?: number;
  confirmedAt?: number;
  /** What became of the rule's attempts, counted since `counts.since` (the diagnostic's figures). */
  counts?: RuleCounts;
}

/**
 * Per rule: triggers that fired (`matches`), then how they ended. A rule with no confirmation
 * step counts its match as confirmed at once. An answer arriving after the time-out counts in
 * both `timeouts` and its own outcome, as it did happen twice over for the user.
 */
export interface RuleCounts {
  matches: number;
  confirmations: number;
  failures: number;
  timeouts: number;
  cancellations: number;
  /** When the first of these was counted (epoch ms). */
  since: number;
}

export const COUNT_FIELDS = ['matches', 'confirmations', 'failures', 'timeouts', 'cancellations'] as const;
type CountField = (typeof COUNT_FIELDS)[number];

/** Which counters an attempt's outcome (as the engine reports it) adds one to. */
const COUNTED_BY: Record<string, readonly CountField[]> = {
  pending: ['matches'],
  counted: ['matches', 'confirmations'],
  confirmed: ['confirmations'],
  failed: ['failures'],
  cancelled: ['cancellations'],
  unconfirmed: ['timeouts'],
};

function addCounts(before: RuleCounts | undefined, fields: readonly CountField[], at: number): RuleCounts {
  const counts: RuleCounts = before
    ? { ...before }
    : { matches: 0, confirmations: 0, failures: 0, timeouts: 0, cancellations: 0, since: at };
  for (const f of fields) counts[f] += 1;
  return counts;
}

export interface HealthRecord {
  /** `<site>/<ruleId>` → times. */
  rules: Record<string, RuleHealth>;
  /** Site id → last page load seen. */
  sitesSeen: Record<string, number>;
}

export const EMPTY_HEALTH: HealthRecord = { rules: {}, sitesSeen: {} };

const DAY = 24 * 3600 * 1000;

export function noteSiteSeen(health: HealthRecord, site: string, at: number): HealthRecord {
  return { ...health, sitesSeen: { ...health.sitesSeen, [site]: at } };
}

export function noteRule(
  health: HealthRecord,
  site: string,
  ruleId: string,
  outcome: string,
  at: number,
): HealthRecord {
  const key = `${site}/${ruleId}`;
  const before = health.rules[key] ?? {};
  // A safety-net attempt may still give way to the adapter's own rule: only its end says that
  // the net caught what no other rule did.
  const matched =
    (outcome === 'pending' && !isSafetyNetRule(ruleId)) ||
    outcome === 'counted' ||
    outcome === 'confirmed' ||
    outcome === 'failed' ||
    outcome === 'unconfirmed';
  const confirmed = outcome === 'counted' || outcome === 'confirmed';
  const fields = COUNTED_BY[outcome] ?? [];
  return {
    ...health,
    rules: {
      ...health.rules,
      [key]: {
        ...before,
        ...(matched ? { matchedAt: at } : {}),
        ...(confirmed ? { confirmedAt: at } : {}),
        ...(fields.length ? { counts: addCounts(before.counts, fields, at) } : {}),
      },
    },
  };
}

/** An attempt filed as unconfirmed by the background (its page went away): a time-out only. */
export function noteTimeout(health: HealthRecord, site: string, ruleId: string, at: number): HealthRecord {
  const key = `${site}/${ruleId}`;
  const before = health.rules[key] ?? {};
  return {
    ...health,
    rules: { ...health.rules, [key]: { ...before, counts: addCounts(before.counts, ['timeouts'], at) } },
  };
}

export type RuleState = 'ok' | 'never' | 'silent' | 'unconfirmed' | 'caught';

/**
 * A deposit rule is "silent" when its site was used in the last 2 days but the rule has not
 * matched for 14 days (or ever, after the site has been in use for a while); "unconfirmed"
 * when it matches but has not been confirmed for 14 days: both are worth re-teaching. A
 * safety-net rule is "caught" when it counted or filed a send in the last 14 days.
 */
export function ruleState(health: HealthRecord, site: string, ruleId: string, now: number): RuleState {
  const h = health.rules[`${site}/${ruleId}`];
  // The safety net is healthy when it has nothing to catch; a catch in the last 14 days means a
  // rule of the adapter missed a send: its keeper should look.
  if (isSafetyNetRule(ruleId)) return h?.matchedAt && now - h.matchedAt <= 14 * DAY ? 'caught' : 'ok';
  const seen = health.sitesSeen[site];
  const inUse = seen !== undefined && now - seen < 2 * DAY;
  if (!h?.matchedAt) return inUse ? 'never' : 'ok';
  if (inUse && now - h.matchedAt > 14 * DAY) return 'silent';
  if (!h.confirmedAt || now - h.confirmedAt > 14 * DAY) return 'unconfirmed';
  return 'ok';
}

import { isSafetyNetRule } from './rules';

/**
 * Rule health: when each rule last matched (its trigger fired) and last confirmed, and when
 * each site was last in use. Host apps change their markup and built-in rules then go silent
 * without a word; this lets the dashboard say so. Rule ids and times only.
 */
export interface RuleHealth {
  matchedAt?: number;
  confirmedAt?: number;
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
  return {
    ...health,
    rules: {
      ...health.rules,
      [key]: { ...before, ...(matched ? { matchedAt: at } : {}), ...(confirmed ? { confirmedAt: at } : {}) },
    },
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

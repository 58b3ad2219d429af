import { buildDiagnostic } from '../domain/diagnostic';
import { EMPTY_HEALTH } from '../domain/rule-health';
import type { Settings } from '../domain/settings';
import type { DiagnosticReply } from '../messaging/replies';
import { BUILTIN_ADAPTERS } from '../sites';
import type { SuiviDb } from '../storage/db';
import { allTaughtRules, listSites, listUnconfirmed } from '../storage/rule-store';
import type { HealthStore } from './rule-health-store';

export interface DiagnosticSourceDeps {
  db: SuiviDb;
  health?: HealthStore;
  settings(): Promise<Pick<Settings, 'profileId' | 'idleThresholdS' | 'customProfile'>>;
  /** This build: the manifest's version and the browser it was built for. */
  about: { extensionVersion: string; browser: string };
  now: () => number;
}

/**
 * Gathers what the diagnostic is made of (rule health, unconfirmed attempts, sites, taught
 * rules, the settings that matter) and has the pure builder make it (lib/domain/diagnostic.ts).
 */
export async function collectDiagnostic(deps: DiagnosticSourceDeps): Promise<DiagnosticReply> {
  const [health, unconfirmed, sites, taught, settings] = await Promise.all([
    deps.health?.get() ?? Promise.resolve(EMPTY_HEALTH),
    listUnconfirmed(deps.db),
    listSites(deps.db),
    allTaughtRules(deps.db),
    deps.settings(),
  ]);
  const diagnostic = buildDiagnostic({
    now: deps.now(),
    ...deps.about,
    settings,
    health,
    unconfirmed,
    sites,
    taught,
    adapters: BUILTIN_ADAPTERS,
  });
  return { ok: true, diagnostic };
}

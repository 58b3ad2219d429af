import { loadAdapters, type Adapter, type AdapterProblem } from '../domain/rules';
import { GENERIC_ADAPTER } from './generic';
import { WEDA_ADAPTER, WEDA_HOSTS } from './weda';

/**
 * The practice programs' adapters: what the program pages' content script needs, and no more
 * (the DMP web access's adapter is in lib/sites/index.ts, which that script does not import:
 * it has a size budget). Validated like any other: a malformed one is reported and skipped.
 */
const loaded = loadAdapters([WEDA_ADAPTER, GENERIC_ADAPTER]);

export const PROGRAM_ADAPTERS: readonly Adapter[] = loaded.adapters;
export const PROGRAM_ADAPTER_PROBLEMS: readonly AdapterProblem[] = loaded.problems;

/** Built-in practice programs with their own adapter (not the generic heuristic). */
export const PROGRAM_SITES = ['weda'] as const;
export type ProgramSite = (typeof PROGRAM_SITES)[number];

export const PROGRAM_HOSTS: Record<ProgramSite, readonly string[]> = { weda: WEDA_HOSTS };

export const PROGRAM_MATCHES = Object.values(PROGRAM_HOSTS).flatMap((hosts) =>
  hosts.map((h) => `https://${h}/*`),
);

/** A practice program's built-in adapter (`weda`), or the generic heuristic (`generic`). */
export function programAdapter(id: string): Adapter | undefined {
  return PROGRAM_ADAPTERS.find((a) => a.id === id);
}

/** The site id of a host: a built-in program, or `custom:<host>`. */
export function siteOfHost(host: string): string {
  const lower = host.toLowerCase();
  for (const [site, hosts] of Object.entries(PROGRAM_HOSTS)) if (hosts.includes(lower)) return site;
  return `custom:${lower}`;
}

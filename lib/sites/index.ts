import { loadAdapters, type Adapter, type AdapterProblem } from '../domain/rules';
import { DMP_WEB_ADAPTER } from './dmp-web';
import { GENERIC_ADAPTER } from './generic';
import { WEDA_ADAPTER, WEDA_HOSTS } from './weda';

/**
 * The built-in adapters, validated like any other: a malformed one is reported and skipped,
 * the others still run.
 */
const loaded = loadAdapters([DMP_WEB_ADAPTER, WEDA_ADAPTER, GENERIC_ADAPTER]);

export const BUILTIN_ADAPTERS: readonly Adapter[] = loaded.adapters;
export const BUILTIN_PROBLEMS: readonly AdapterProblem[] = loaded.problems;

/** Built-in practice programs with their own adapter (not the generic heuristic). */
export const PROGRAM_SITES = ['weda'] as const;
export type ProgramSite = (typeof PROGRAM_SITES)[number];

export const PROGRAM_HOSTS: Record<ProgramSite, readonly string[]> = { weda: WEDA_HOSTS };

export const PROGRAM_MATCHES = Object.values(PROGRAM_HOSTS).flatMap((hosts) =>
  hosts.map((h) => `https://${h}/*`),
);

export function builtinAdapter(id: string): Adapter | undefined {
  return BUILTIN_ADAPTERS.find((a) => a.id === id);
}

/** The site id of a host: a built-in program, or `custom:<host>`. */
export function siteOfHost(host: string): string {
  const lower = host.toLowerCase();
  for (const [site, hosts] of Object.entries(PROGRAM_HOSTS)) if (hosts.includes(lower)) return site;
  return `custom:${lower}`;
}

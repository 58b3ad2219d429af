import { loadAdapters, type Adapter, type AdapterProblem } from '../domain/rules';
import { DMP_WEB_ADAPTER } from './dmp-web';
import { PROGRAM_ADAPTERS, PROGRAM_ADAPTER_PROBLEMS } from './program-sites';

export { PROGRAM_HOSTS, PROGRAM_MATCHES, PROGRAM_SITES, siteOfHost, type ProgramSite } from './program-sites';

/**
 * Every built-in adapter: the DMP web access's and the practice programs'
 * (lib/sites/program-sites.ts), validated like any other: a malformed one is reported and
 * skipped, the others still run.
 */
const dmp = loadAdapters([DMP_WEB_ADAPTER]);

export const BUILTIN_ADAPTERS: readonly Adapter[] = [...dmp.adapters, ...PROGRAM_ADAPTERS];
export const BUILTIN_PROBLEMS: readonly AdapterProblem[] = [...dmp.problems, ...PROGRAM_ADAPTER_PROBLEMS];

export function builtinAdapter(id: string): Adapter | undefined {
  return BUILTIN_ADAPTERS.find((a) => a.id === id);
}

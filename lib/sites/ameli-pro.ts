import type { SickLeaveMode } from '../domain/events';

/**
 * Ameli Pro, the health insurance's site for professionals: its online sick-leave service
 * (AATi), offered to the doctor (never imposed: its host is asked for only when accepted).
 * A sick leave is told by the PDF the page fetches once it is done, seen by the background
 * through webRequest: only the URL path and the status class are used, nothing of the request
 * or of the page is read. Evidence: docs/evidence.md, "Ameli Pro".
 */

// evidence: somel-web/somel-web.github.io monkey/aat.user.js a536fc575e (@match)
export const AMELI_PRO_HOST = 'espacepro.ameli.fr';

// evidence: somel-web/somel-web.github.io monkey/aat.user.js a536fc575e (@match /aat/*);
// bmlet/BM_AAT1.js d001d261d8 (the service is the one page /aat/)
export const AMELI_SICK_LEAVE_PAGE = /^\/aat(\/|$)/i;

/** PDF requests of the sick-leave service and what each one says about the leave. */
export const AMELI_SICK_LEAVE_REQUESTS: ReadonlyArray<{ path: RegExp; mode: SickLeaveMode }> = [
  // evidence: somel-web/somel-web.github.io monkey/aat.user.js a536fc575e ("transmis a votre caisse")
  { path: /^\/aat-api\/pdf\/recapitulatif\/?$/i, mode: 'online' },
  // evidence: somel-web/somel-web.github.io monkey/aat.user.js a536fc575e (employer's part, same message)
  { path: /^\/aat-api\/pdf\/volet\/employeur\/?$/i, mode: 'online' },
  // evidence: somel-web/somel-web.github.io monkey/aat.user.js a536fc575e (cerfa "a imprimer")
  { path: /^\/aat-api\/pdf\/cerfa\/?$/i, mode: 'paper' },
];
// Not counted: the work-accident service's PDFs (/atmp-api/…, same source): not a sick leave.
// supposition: one page of the service never fetches the summary and the paper form for one leave.
// supposition: a second sick leave is made in a new load of /aat/ (SickLeaveWatch counts one per page).

/**
 * What a completed request of Ameli Pro says: a sick leave transmitted online, one printed on
 * paper, or nothing. Only a 2xx answer on the evidenced host counts (a refused PDF is no proof).
 */
export function sickLeaveOfRequest(url: string, statusCode: number): SickLeaveMode | null {
  if (statusCode < 200 || statusCode >= 300) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname.toLowerCase() !== AMELI_PRO_HOST) return null;
  return AMELI_SICK_LEAVE_REQUESTS.find((r) => r.path.test(parsed.pathname))?.mode ?? null;
}

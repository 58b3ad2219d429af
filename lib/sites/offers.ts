import { AMELI_PRO_HOST } from './ameli-pro';

/**
 * Sites offered to the doctor in one click (the dashboard's "Sites suivis", the first-run
 * page): Ameli Pro's sick-leave service, and the common web practice programs. Each is added
 * like any site the doctor types (its host's access is asked for only then, and removing it
 * gives it back). Hosts are those public evidence shows (docs/evidence.md); a program whose
 * host is not evidenced is listed without one, and the doctor types it.
 */
export interface SiteOffer {
  id: 'ameli-pro' | 'doctolib' | 'monlogicielmedical' | 'maiia' | 'stellair';
  /** The program's own name (not translated). */
  name: string;
  /** The host to add; absent when no public evidence shows it. */
  host?: string;
  /**
   * `sick-leave`: Ameli Pro, its online sick leaves counted by its own rules.
   * `generic`: a practice program watched by the generic heuristic (teach the buttons it misses).
   */
  detection: 'sick-leave' | 'generic';
}

export const SITE_OFFERS: readonly SiteOffer[] = [
  // evidence: somel-web/somel-web.github.io monkey/aat.user.js a536fc575e
  { id: 'ameli-pro', name: 'Ameli Pro', host: AMELI_PRO_HOST, detection: 'sick-leave' },
  // evidence: public scripts that log in at https://pro.doctolib.fr/login (docs/evidence.md)
  { id: 'doctolib', name: 'Doctolib (logiciel médical)', host: 'pro.doctolib.fr', detection: 'generic' },
  // supposition: no production host found (only mlmpreprod.monlogicielmedical.com): typed by the doctor
  { id: 'monlogicielmedical', name: 'MonLogicielMédical', detection: 'generic' },
  // evidence: a public script that logs in at https://pro.maiia.com/login (docs/evidence.md)
  { id: 'maiia', name: 'Maiia', host: 'pro.maiia.com', detection: 'generic' },
  // evidence: Stellair's billing web application at https://fse.stellair.fr (docs/evidence.md);
  // supposition: that its medical record is on the same host
  { id: 'stellair', name: 'Stellair', host: 'fse.stellair.fr', detection: 'generic' },
];

import { notesBetween, type ReleaseNote } from '../domain/changelog';

/** The extension's own page that greets the doctor (entrypoints/welcome). */
export const WELCOME_PAGE = '/welcome.html';

/** The welcome page opened as the note of an update from `previous`: it shows what changed since. */
export function whatsNewPage(previous: string): `/welcome.html${string}` {
  return `${WELCOME_PAGE}#whats-new=${encodeURIComponent(previous)}`;
}

export interface InstallDeps {
  currentVersion: string;
  notes: readonly ReleaseNote[];
  /** The doctor's choice (whatsNewItem). */
  whatsNewOn(): Promise<boolean>;
  /** False when the practice's policy says its doctors were told already (showWelcome). */
  welcomeOn(): Promise<boolean>;
  openPage(path: `/welcome.html${string}`): Promise<void>;
}

/**
 * What `runtime.onInstalled` opens: the welcome page once, on install; on an update, the note of
 * what changed, if the doctor wants it and the versions in between have one for them. A browser
 * update or a restart (which fires nothing) opens nothing. Returns the page opened, if any.
 */
export async function onInstalled(
  details: { reason: string; previousVersion?: string },
  deps: InstallDeps,
): Promise<string | null> {
  let page: `/welcome.html${string}` | null = null;
  if (details.reason === 'install') {
    if (await deps.welcomeOn()) page = WELCOME_PAGE;
  } else if (details.reason === 'update' && details.previousVersion) {
    const notes = notesBetween(deps.notes, details.previousVersion, deps.currentVersion);
    if (notes.length > 0 && (await deps.whatsNewOn())) page = whatsNewPage(details.previousVersion);
  }
  if (page) await deps.openPage(page);
  return page;
}

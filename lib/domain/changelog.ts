/**
 * The doctor's part of CHANGELOG.md, read at build time (release-notes.ts) so the "what changed"
 * note needs no network. A version is `## 1.2.3 — YYYY-MM-DD`; under it, `### Pour le médecin`
 * and `### For the doctor` hold the note in French and English (a bullet a line); other `###`
 * sections are for developers and never shown.
 */
export interface ReleaseNote {
  version: string;
  date: string;
  fr: string[];
  en: string[];
}

const VERSION_HEADING = /^## \[?(\d+\.\d+\.\d+)\]?\s+[—-]\s+(\d{4}-\d{2}-\d{2})\s*$/;
const SECTION_LANG: Record<string, 'fr' | 'en'> = { 'pour le médecin': 'fr', 'for the doctor': 'en' };

export function parseChangelog(text: string): ReleaseNote[] {
  const notes: ReleaseNote[] = [];
  let note: ReleaseNote | null = null;
  let lang: 'fr' | 'en' | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('## ')) {
      const m = VERSION_HEADING.exec(line);
      note = m ? { version: m[1]!, date: m[2]!, fr: [], en: [] } : null; // "Unreleased" is skipped
      if (note) notes.push(note);
      lang = null;
    } else if (line.startsWith('### ')) {
      lang = SECTION_LANG[line.slice(4).trim().toLowerCase()] ?? null;
    } else if (note && lang && /^[-*] /.test(line)) {
      note[lang].push(line.slice(2).trim());
    } else if (note && lang && /^\s+\S/.test(line) && note[lang].length > 0) {
      note[lang][note[lang].length - 1] += ` ${line.trim()}`; // a bullet wrapped over lines
    }
  }
  return notes;
}

/** Compares two `x.y.z` versions: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * The notes an update from `previous` to `current` brings, newest first: the versions after
 * `previous` up to `current`, with something for the doctor in them.
 */
export function notesBetween(
  notes: readonly ReleaseNote[],
  previous: string,
  current: string,
): ReleaseNote[] {
  return notes
    .filter((n) => compareVersions(n.version, previous) > 0 && compareVersions(n.version, current) <= 0)
    .filter((n) => n.fr.length > 0 || n.en.length > 0)
    .sort((a, b) => compareVersions(b.version, a.version));
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROME_BUILD, FIREFOX_BUILD, ROOT } from '../support/paths';

/**
 * The store listings (docs/store/) against the builds: the permissions justified are exactly
 * those the manifests ask, the texts exist in French and English, the summary is the manifest's
 * description, the screenshots are at the Chrome Web Store's size. No browser: it reads files.
 */
const STORE = join(ROOT, 'docs/store');
const read = (path: string) => readFileSync(join(STORE, path), 'utf8');
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const LANGS = ['fr', 'en'] as const;

/** Everything a manifest asks for: permissions, hosts, optional ones, the pages scripts run on. */
function asked(m: Record<string, unknown> & { content_scripts?: Array<{ matches: string[] }> }): string[] {
  const list = (key: string) => (m[key] as string[] | undefined) ?? [];
  return [
    ...list('permissions'),
    ...list('optional_permissions'),
    ...list('host_permissions'),
    ...list('optional_host_permissions'),
    ...(m.content_scripts ?? []).flatMap((c) => c.matches),
  ];
}

/** The first column of permissions.md's table: the names it justifies. */
function justified(): string[] {
  const section = read('permissions.md').split('## Permissions')[1]!.split('\n## ')[0]!;
  return [...section.matchAll(/^\| `([^`]+)` \|([^|]+)\|([^|]+)\|/gm)].map((m) => {
    expect(m[2]!.trim().length, `${m[1]}: French justification`).toBeGreaterThan(20);
    expect(m[3]!.trim().length, `${m[1]}: English justification`).toBeGreaterThan(20);
    return m[1]!;
  });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const head = readFileSync(path).subarray(0, 24);
  expect(head.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

describe('store listings (docs/store)', () => {
  it('justify exactly the permissions and hosts both manifests ask, each in French and English', () => {
    const wanted = new Set([...asked(manifest(CHROME_BUILD)), ...asked(manifest(FIREFOX_BUILD))]);
    const names = justified();
    expect(new Set(names).size, 'a permission justified twice').toBe(names.length);
    expect(new Set(names)).toEqual(wanted);
  });

  it('have the description and the privacy policy in both languages, with the same sections', () => {
    for (const doc of ['description.md', 'privacy-policy.md']) {
      const [fr, en] = LANGS.map((lang) => read(`${lang}/${doc}`));
      const sections = (text: string) => [...text.matchAll(/^## /gm)].length;
      expect(sections(fr!), doc).toBeGreaterThanOrEqual(3);
      expect(sections(en!), doc).toBe(sections(fr!));
    }
  });

  it("summaries are the manifest's description, within Chrome's 132 characters", () => {
    for (const lang of LANGS) {
      const messages = JSON.parse(readFileSync(join(ROOT, `public/_locales/${lang}/messages.json`), 'utf8'));
      const summary = read(`${lang}/description.md`)
        .split(/^## \S+\n/m)[1]!
        .trim();
      expect(summary, lang).toBe(messages.extDescription.message);
      expect(summary.length).toBeLessThanOrEqual(132);
    }
  });

  it('screenshots: each 1280×800, in both languages, each one the listing names exists', () => {
    const dir = join(STORE, 'screenshots');
    const files = readdirSync(dir).filter((f) => f.endsWith('.png'));
    for (const lang of LANGS) {
      expect(files.filter((f) => f.startsWith(`${lang}-`)).length, lang).toBeGreaterThan(0);
      for (const named of read(`${lang}/description.md`).matchAll(/`screenshots\/([^`]+\.png)`/g))
        expect(existsSync(join(dir, named[1]!)), named[1]).toBe(true);
    }
    for (const f of files) expect(pngSize(join(dir, f)), f).toEqual({ width: 1280, height: 800 });
  });
});

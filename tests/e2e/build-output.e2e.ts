import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHROME_BUILD, FIREFOX_BUILD, ROOT } from '../support/paths';

/** Size budgets of the production build, gzip bytes (DESIGN.md: light on the host page). */
const BUDGETS = { contentScript: 25 * 1024, popup: 40 * 1024 };

function manifest(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const gz = (path: string) => gzipSync(readFileSync(path)).length;

/** Permissions and hosts the README explains, read from its permissions table. */
function explainedInReadme(): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('### Permissions, and why')[1]?.split('\n#')[0] ?? '';
  const cells = [...section.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]!);
  return new Set(cells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)));
}

describe('production builds', () => {
  for (const [name, dir] of [
    ['chrome', CHROME_BUILD],
    ['firefox', FIREFOX_BUILD],
  ] as const) {
    it(`${name}: asks only for permissions and hosts the README explains`, () => {
      const m = manifest(dir);
      const explained = explainedInReadme();
      const asked = [
        ...(m.permissions ?? []),
        ...(m.optional_permissions ?? []),
        ...(m.host_permissions ?? []),
        ...(m.optional_host_permissions ?? []),
        ...(m.content_scripts ?? []).flatMap((c: { matches: string[] }) => c.matches),
      ];
      expect(asked.length).toBeGreaterThan(0);
      for (const item of asked) expect(explained, `${item} is not explained in the README`).toContain(item);
      expect(m.web_accessible_resources ?? []).toEqual([]);
    });
  }

  it('firefox: fixed add-on id and no data collected', () => {
    const gecko = manifest(FIREFOX_BUILD).browser_specific_settings.gecko;
    expect(gecko.id).toBe('suivi-dmp@suivi-dmp.org');
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('keeps the content scripts and the popup within their gzip budgets', () => {
    const files = filesUnder(CHROME_BUILD).filter((f) => f.endsWith('.js'));
    const content = files.filter((f) => relative(CHROME_BUILD, f).startsWith('content-scripts/'));
    expect(content.length).toBeGreaterThan(0);
    for (const f of content) expect(gz(f), relative(CHROME_BUILD, f)).toBeLessThanOrEqual(BUDGETS.contentScript);
    const html = readFileSync(join(CHROME_BUILD, 'popup.html'), 'utf8');
    const popupScripts = [...html.matchAll(/src="\/?([^"]+\.js)"/g)].map((m) => join(CHROME_BUILD, m[1]!));
    // The popup's entry and the chunks it imports.
    const imported = new Set(popupScripts);
    for (const entry of popupScripts) {
      for (const m of readFileSync(entry, 'utf8').matchAll(/from\s*"\.\/?([^"]+\.js)"|import\("\.\/?([^"]+\.js)"\)/g)) {
        imported.add(join(entry, '..', m[1] ?? m[2]!));
      }
    }
    const popupTotal = [...imported].reduce((sum, f) => sum + gz(f), 0);
    expect(popupTotal).toBeGreaterThan(1000);
    expect(popupTotal).toBeLessThanOrEqual(BUDGETS.popup);
  });
});

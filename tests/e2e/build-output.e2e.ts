import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUDGETS, bundleSizes } from '../support/bundle-sizes';
import { CHROME_BUILD, FIREFOX_BUILD, ROOT } from '../support/paths';

function manifest(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

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

  it('both: keyboard shortcuts to open the popup and add a deposit', () => {
    expect(Object.keys(manifest(CHROME_BUILD).commands).sort()).toEqual(['_execute_action', 'add-deposit']);
    expect(Object.keys(manifest(FIREFOX_BUILD).commands).sort()).toEqual([
      '_execute_browser_action',
      'add-deposit',
    ]);
  });

  it('firefox: fixed add-on id and no data collected', () => {
    const gecko = manifest(FIREFOX_BUILD).browser_specific_settings.gecko;
    expect(gecko.id).toBe('suivi-dmp@suivi-dmp.org');
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('keeps the content scripts and the popup within their gzip budgets', () => {
    const sizes = bundleSizes(CHROME_BUILD);
    expect(sizes.content.length).toBeGreaterThan(0);
    for (const c of sizes.content) expect(c.gzip, c.name).toBeLessThanOrEqual(BUDGETS.contentScript);
    expect(sizes.popup).toBeGreaterThan(1000);
    expect(sizes.popup).toBeLessThanOrEqual(BUDGETS.popup);
  });
});

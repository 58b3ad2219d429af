import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Size budgets of the production build, gzip bytes (docs/design.md: light on the host page).
 * Content scripts: 25 KB, and 26 KB since the diagnostic's reading of a clicked control's
 * structure (lib/content/engine/selector.ts, controlSignals: some 250 bytes) and the costly
 * acts' words (lib/domain/costly-acts.ts, some 400 bytes).
 */
export const BUDGETS = { contentScript: 25 * 1024, popup: 40 * 1024 };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export const gzipBytes = (path: string) => gzipSync(readFileSync(path)).length;

/** An HTML page's scripts and the chunks they import (what loading the page costs). */
export function pageScripts(buildDir: string, htmlName: string): string[] {
  const html = readFileSync(join(buildDir, htmlName), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => join(buildDir, m[1]!));
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(
      /from\s*"\.\/?([^"]+\.js)"|import\("\.\/?([^"]+\.js)"\)/g,
    )) {
      queue.push(join(file, '..', m[1] ?? m[2]!));
    }
  }
  return [...seen];
}

/** gzip sizes of the content scripts, and of the popup's and dashboard's scripts. */
export function bundleSizes(buildDir: string) {
  const content = filesUnder(join(buildDir, 'content-scripts'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ name: relative(buildDir, f), gzip: gzipBytes(f) }));
  const page = (html: string) => pageScripts(buildDir, html).reduce((sum, f) => sum + gzipBytes(f), 0);
  return { content, popup: page('popup.html'), dashboard: page('dashboard.html') };
}

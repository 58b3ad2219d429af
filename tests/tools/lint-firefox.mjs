#!/usr/bin/env node
/**
 * Runs Mozilla's addons-linter (the one addons.mozilla.org runs) on the Firefox build, through
 * web-ext's API: no network, nothing uploaded. Prints every error, warning and notice with its
 * code; exits 1 on any error (warnings are listed and explained in the README, not fatal).
 *
 * Usage: node tests/tools/lint-firefox.mjs [build dir, default .output/firefox-mv2]
 * The build must exist first: `npx wxt build -b firefox` (or `npx wxt zip -b firefox`).
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import webExt from 'web-ext';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const sourceDir = resolve(root, process.argv[2] ?? '.output/firefox-mv2');

if (!existsSync(resolve(sourceDir, 'manifest.json'))) {
  console.error(
    `lint-firefox: no Firefox build in ${relative(root, sourceDir) || '.'}: run \`npx wxt build -b firefox\` first.`,
  );
  process.exit(2);
}

let result;
try {
  result = await webExt.cmd.lint(
    {
      sourceDir,
      // Distributed outside addons.mozilla.org: no AMO-only hosting checks.
      selfHosted: true,
      // Nothing printed by the linter itself: this script prints the result below.
      output: 'none',
      boring: true,
      pretty: false,
      warningsAsErrors: false,
      verbose: false,
    },
    { shouldExitProgram: false },
  );
} catch (error) {
  console.error('lint-firefox: addons-linter failed to run:', error);
  process.exit(2);
}

const where = (m) =>
  m.file ? ` ${m.file}${m.line ? `:${m.line}${m.column ? `:${m.column}` : ''}` : ''}` : '';
const print = (label, list) => {
  for (const m of list) {
    console.log(`${label} ${m.code}${where(m)}: ${m.message}`);
    if (m.description) console.log(`    ${String(m.description).replace(/\s+/g, ' ').trim()}`);
  }
};

const { errors = [], warnings = [], notices = [], metadata = {} } = result ?? {};
console.log(
  `addons-linter on ${relative(root, sourceDir)} (${metadata.id ?? 'no id'} ${metadata.version ?? ''}, manifest v${metadata.manifestVersion ?? '?'}, self-hosted)`,
);
print('ERROR', errors);
print('WARNING', warnings);
print('NOTICE', notices);
console.log(`${errors.length} error(s), ${warnings.length} warning(s), ${notices.length} notice(s)`);
process.exit(errors.length > 0 ? 1 : 0);

#!/usr/bin/env node
/**
 * Signs the Firefox build for self-distribution (channel "unlisted": addons.mozilla.org signs
 * it without listing it) through `web-ext sign`, so a practice can install the .xpi on its
 * workstations (docs/release.md). Keys from the environment only: WEB_EXT_API_KEY (the JWT
 * issuer) and WEB_EXT_API_SECRET (the JWT secret) from addons.mozilla.org's "Manage API Keys".
 * It uploads the sources zip with the build, as AMO asks of minified code.
 *
 * Usage: npm run release:dry (or npx wxt zip -b firefox) first, then npm run sign:firefox.
 * The signed .xpi lands in .output/signed/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import webExt from 'web-ext';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const sourceDir = join(root, '.output/firefox-mv2');
const sources = join(root, `.output/suivi-dmp-${version}-sources.zip`);

const missing = ['WEB_EXT_API_KEY', 'WEB_EXT_API_SECRET'].filter((k) => !process.env[k]);
if (missing.length > 0) {
  console.error(`sign-firefox: set ${missing.join(' and ')} (addons.mozilla.org, "Manage API Keys").`);
  process.exit(2);
}
const manifest = join(sourceDir, 'manifest.json');
if (!existsSync(manifest) || !existsSync(sources)) {
  console.error('sign-firefox: no Firefox build or sources zip: run `npx wxt zip -b firefox` first.');
  process.exit(2);
}
const built = JSON.parse(readFileSync(manifest, 'utf8')).version;
if (built !== version) {
  console.error(`sign-firefox: the build is ${built}, package.json says ${version}: rebuild first.`);
  process.exit(2);
}

const result = await webExt.cmd.sign(
  {
    sourceDir,
    artifactsDir: join(root, '.output/signed'),
    apiKey: process.env.WEB_EXT_API_KEY,
    apiSecret: process.env.WEB_EXT_API_SECRET,
    channel: 'unlisted',
    uploadSourceCode: sources,
  },
  { shouldExitProgram: false },
);
console.log(result);

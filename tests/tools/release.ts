/**
 * `npm run release`: checks, builds and zips both targets and the sources, checks that the
 * versions agree, gathers the store listings, then submits through `wxt submit` to each store
 * whose keys are in the environment (docs/release.md).
 *
 *   npm run release -- --dry-run   (npm run release:dry) everything but the upload; no key needed,
 *                                  no network unless keys are given (the store then checks them)
 *   --skip-checks                  skip typecheck, lint and unit tests (run by CI already)
 *
 * Artefacts: .output/suivi-dmp-<version>-{chrome,firefox,sources}.zip and .output/store/.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseChangelog } from '../../lib/domain/changelog';
import { CHROME_BUILD, FIREFOX_BUILD, ROOT } from '../support/paths';
import { planSubmission } from './release-plan';

const args = new Set(process.argv.slice(2));
const dryRun = args.has('--dry-run');
const skipChecks = args.has('--skip-checks');
const OUT = join(ROOT, '.output');

function step(title: string) {
  console.log(`\n── ${title}`);
}
function run(cmd: string, cmdArgs: string[], env: Record<string, string> = {}) {
  console.log(`$ ${cmd} ${cmdArgs.join(' ')}`);
  execFileSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
}
function fail(message: string): never {
  console.error(`\nrelease: ${message}`);
  process.exit(1);
}
const rel = (p: string) => relative(ROOT, p);

const version: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
console.log(`Suivi DMP ${version}${dryRun ? ' (dry run)' : ''}`);

step('Version and changelog');
if (!/^\d+\.\d+\.\d+$/.test(version)) fail(`package.json version ${version} is not MAJOR.MINOR.PATCH`);
const note = parseChangelog(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).find(
  (n) => n.version === version,
);
if (!note) fail(`CHANGELOG.md has no "## ${version} — YYYY-MM-DD" section`);
console.log(`CHANGELOG.md: ${version} of ${note.date}`);

if (!skipChecks) {
  step('Checks: types, lint, unit tests');
  run('npm', ['run', 'typecheck']);
  run('npm', ['run', 'lint']);
  run('npx', ['vitest', 'run']);
}

step('Builds and zips (Chrome MV3, also for Edge; Firefox MV2 and its sources)');
const zips = {
  chrome: join(OUT, `suivi-dmp-${version}-chrome.zip`),
  firefox: join(OUT, `suivi-dmp-${version}-firefox.zip`),
  sources: join(OUT, `suivi-dmp-${version}-sources.zip`),
};
for (const zip of Object.values(zips)) rmSync(zip, { force: true });
run('npx', ['wxt', 'zip']);
run('npx', ['wxt', 'zip', '-b', 'firefox']);
for (const zip of Object.values(zips)) if (!existsSync(zip)) fail(`${rel(zip)} was not made`);

step('Versions agree');
const versions: Record<string, string> = {
  'package.json': version,
  [rel(join(CHROME_BUILD, 'manifest.json'))]: JSON.parse(
    readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8'),
  ).version,
  [rel(join(FIREFOX_BUILD, 'manifest.json'))]: JSON.parse(
    readFileSync(join(FIREFOX_BUILD, 'manifest.json'), 'utf8'),
  ).version,
};
for (const zip of [zips.chrome, zips.firefox]) {
  const inZip = execFileSync('unzip', ['-p', zip, 'manifest.json'], { encoding: 'utf8' });
  versions[`${rel(zip)}:manifest.json`] = JSON.parse(inZip).version;
}
const sourcesPkg = execFileSync('unzip', ['-p', zips.sources, 'package.json'], { encoding: 'utf8' });
versions[`${rel(zips.sources)}:package.json`] = JSON.parse(sourcesPkg).version;
for (const [where, v] of Object.entries(versions))
  console.log(`${v === version ? 'ok ' : 'BAD'} ${v}  ${where}`);
if (Object.values(versions).some((v) => v !== version)) fail('the versions do not agree');

step('Build checks: Firefox linter, manifests against the README and the store listings');
run('npm', ['run', 'lint:firefox']);
run('npx', [
  'vitest',
  'run',
  '--config',
  'vitest.e2e.config.ts',
  'tests/e2e/build-output.e2e.ts',
  'tests/e2e/store-listing.e2e.ts',
]);

step('Store listings → .output/store/');
const storeOut = join(OUT, 'store');
rmSync(storeOut, { recursive: true, force: true });
cpSync(join(ROOT, 'docs/store'), storeOut, { recursive: true });
writeFileSync(
  join(storeOut, 'release.json'),
  JSON.stringify(
    {
      version,
      date: note.date,
      zips: Object.fromEntries(Object.entries(zips).map(([k, z]) => [k, rel(z)])),
      notes: { fr: note.fr, en: note.en },
    },
    null,
    2,
  ) + '\n',
);
console.log(`${rel(storeOut)}/: descriptions, privacy policy, permissions, screenshots, release.json`);

step(dryRun ? 'Submission (dry run: wxt submit --dry-run)' : 'Submission (wxt submit)');
const plan = planSubmission(process.env, zips, dryRun);
for (const s of plan) console.log(`${s.action === 'run' ? 'run ' : 'skip'} ${s.name}: ${s.note}`);
const toRun = plan.filter((s) => s.action === 'run');
if (!dryRun && toRun.length === 0) fail('no store has its keys in the environment (docs/release.md)');
if (toRun.length > 0)
  run(
    'npx',
    ['wxt', 'submit', ...(dryRun ? ['--dry-run'] : []), ...toRun.flatMap((s) => s.args)],
    Object.assign({}, ...toRun.map((s) => s.env)),
  );

console.log(`\nDone: ${Object.values(zips).map(rel).join(', ')}, ${rel(storeOut)}/`);

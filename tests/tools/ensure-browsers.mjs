#!/usr/bin/env node
// Makes sure the browsers the demo and the tests drive are installed (Debian packages).
// As root it installs what is missing with apt-get; otherwise it prints the exact command.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const wanted = {
  // chromium-l10n carries the French interface, which picks the extension's French locale.
  chromium: [
    ['chromium', '/usr/bin/chromium'],
    ['chromium-l10n', '/usr/lib/chromium/locales/fr.pak'],
  ],
  // firefox-esr-l10n-fr: Firefox's French interface, likewise.
  firefox: [
    ['firefox-esr', '/usr/bin/firefox-esr'],
    [
      'firefox-esr-l10n-fr',
      '/usr/lib/firefox-esr/browser/extensions/langpack-fr@firefox-esr.mozilla.org.xpi',
    ],
  ],
  // LibreOffice Calc without its window: the dashboard suite opens the exported CSVs with it.
  libreoffice: [['libreoffice-calc-nogui', '/usr/bin/soffice']],
};

const asked = process.argv.slice(2);
const missing = asked.flatMap((name) =>
  (wanted[name] ?? []).filter(([, path]) => !existsSync(path)).map(([pkg]) => pkg),
);
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
if (process.getuid?.() !== 0) {
  console.error(
    `Missing browser packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`,
  );
  process.exit(1);
}
console.log(`Installing ${missing.join(', ')} with apt-get…`);
execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });

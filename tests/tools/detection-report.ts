/**
 * `npm run detection-report`: the production build over the practice-program corpus in
 * Chromium; prints, per page and overall, expected vs counted events, misses and false
 * positives. Exits 1 on any miss, false positive or unexpected unconfirmed attempt.
 */
import { BEYOND_CORPUS } from '../fixtures/programs/beyond';
import { CORPUS as PROGRAMS_CORPUS } from '../fixtures/programs/corpus';
import { launchChromium } from '../support/chromium';
import { formatReport, runCorpus } from '../support/corpus-runner';
import { startFixtureServer } from '../support/fixture-server';

/** Weda and the other programs, then the pages beyond Weda (Ameli Pro, the suggested programs). */
const CORPUS = [...PROGRAMS_CORPUS, ...BEYOND_CORPUS];
const server = await startFixtureServer();
const session = await launchChromium();
let failed: boolean;
try {
  const ext = await session.openExtensionPage('popup.html');
  const only = process.argv[2];
  const results = await runCorpus(session, server, only ? CORPUS.filter((p) => p.id === only) : CORPUS, ext);
  console.log(formatReport(results));
  for (const r of results) {
    console.log(
      `\n${r.id}: ${r.markup}\n  attendus : ${r.expected.map((e) => e.kind + (e.docClass ? `(${e.docClass})` : '')).join(', ')}\n  comptés  : ${r.counted.map((e) => e.kind + (e.docClass ? `(${e.docClass})` : '')).join(', ') || '—'}  (${(r.ms / 1000).toFixed(1)} s)`,
    );
  }
  failed = results.some(
    (r) => r.misses.length || r.falsePositives.length || r.unconfirmed !== r.unconfirmedExpected,
  );
} finally {
  await session.close();
  await server.close();
}
process.exit(failed ? 1 : 0);

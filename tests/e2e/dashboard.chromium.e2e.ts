import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { buildBackup, serializeBackup } from '../../lib/domain/backup';
import { monthDayStats, daysOfMonth } from '../../lib/domain/day-stats';
import { SYNTHESE_COLUMNS } from '../../lib/domain/csv';
import type { TimeSpan } from '../../lib/domain/spans';
import { localDay, pad } from '../../lib/domain/calendar';
import type { DmpEvent } from '../../lib/domain/events';
import { axeViolations } from '../support/axe';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { readAllStorage, readEvents } from '../support/extension-data';
import { SCREENSHOT_DIR } from '../support/paths';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { summarizeDays } from '../../lib/domain/day-summary';
import { builtinProfile } from '../../lib/domain/obligations';

const IN_FORCE = builtinProfile('in-force')!;

/**
 * A month in the dashboard: earlier days of the month come from a backup restored through the
 * dashboard (merge), today's from the real DMP flows and the popup's manual entries. Then both
 * CSVs are downloaded through the dashboard, checked, and opened by LibreOffice.
 */

const SOFFICE = '/usr/bin/soffice';

const now = new Date();
const TODAY = localDay(now.getTime());
const MONTH = TODAY.slice(0, 7);
const DAY_OF_MONTH = now.getDate();
const Y = now.getFullYear();
const M = now.getMonth();
const PREVIOUS_MONTH = (() => {
  const d = new Date(Y, M - 1, 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
})();

/** Earlier days of this month (deterministic figures), and three deposits last month (the reminder). */
function seedBackupText(): string {
  const events: DmpEvent[] = [];
  const spans: TimeSpan[] = [];
  const add = (d: Date, n: number, fields: Pick<DmpEvent, 'kind'> & Partial<DmpEvent>) =>
    events.push({
      id: `seed-${d.getMonth() + 1}-${d.getDate()}-${fields.kind}-${n}`.replace(/_/g, '-'),
      at: d.getTime() + n * 60_000,
      day: localDay(d.getTime()),
      site: fields.kind === 'encounter' ? 'weda' : 'dmp-web',
      source: 'auto',
      ...fields,
    });
  for (let day = 1; day < DAY_OF_MONTH; day++) {
    const at = new Date(Y, M, day, 9, 0);
    // Each deposit made during one of the day's two consultations, as the background links them.
    const encounter = (i: number) => `enc-seed-${day}-${i}`;
    for (let i = 0; i < day % 3; i++)
      add(at, i, {
        kind: 'dmp_upload',
        docClass: i % 2 ? 'VSM' : '11488-4',
        durationMs: 20_000,
        encounter: encounter(i),
      });
    for (let i = 0; i < 2; i++) add(at, 10 + i, { kind: 'encounter', encounter: encounter(i) });
    if (day % 2) add(at, 20, { kind: 'dmp_consult' });
    if (day % 5 === 0) add(at, 30, { kind: 'dmp_upload_failed', docClass: '11502-2' });
    if (day === 1) add(at, 40, { kind: 'dmp_upload', docClass: 'other', undone: true });
    if (day % 2 === 0)
      spans.push({
        id: `span:dmp-web:dmp:${at.getTime()}`,
        site: 'dmp-web',
        activity: 'dmp',
        start: at.getTime(),
        end: at.getTime() + 10 * 60_000,
        day: localDay(at.getTime()),
      });
  }
  for (let i = 0; i < 3; i++) add(new Date(Y, M - 1, 15, 10), i, { kind: 'dmp_upload', docClass: '11488-4' });
  return serializeBackup(
    buildBackup({
      events,
      spans,
      settings: {},
      sites: [],
      taughtRules: [],
      profileId: 'in-force',
      customProfile: null,
    }),
  );
}

/** A synthèse CSV as rows of cells (no quoted cells in it). */
function rowsOf(csv: string, separator: string): string[][] {
  return csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split(/\r?\n/)
    .map((line) => line.split(separator));
}

const figure = (page: Page, id: string) =>
  page
    .getByTestId(`report-${id}`)
    .locator('dd')
    .first()
    .evaluate((dd) => dd.firstChild?.textContent ?? '');

/** Runs inside an extension page (self-contained): a restore sent straight to the background. */
const sendRestore = (text: string): Promise<unknown> =>
  (
    globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
  ).chrome.runtime.sendMessage({
    type: 'restore_apply',
    text,
    mode: 'replace',
  });

function soffice(args: string[], profile: string): void {
  execFileSync(SOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', ...args], {
    stdio: 'pipe',
    timeout: 60_000,
  });
}

describe('dashboard: the month report, export, backup (Chromium, production build)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let dash: Page;
  const tmp = mkdtempSync(join(tmpdir(), 'suivi-dmp-dashboard-'));
  const files: Record<string, string> = {};

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchChromium();
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('lands on the export panel from dashboard.html#export', async () => {
    dash = await session.openExtensionPage('dashboard.html#export');
    await expect.poll(() => dash.evaluate(() => document.activeElement?.id)).toBe('export-title');
    expect(await dash.locator('#export-title').textContent()).toMatch(/^Exporter /);
    expect(await dash.getByTestId('month-select').inputValue()).toBe(MONTH);
  });

  it('restores a backup of the earlier days of the month (merge) after showing what it adds', async () => {
    await dash.getByTestId('restore-file').setInputFiles({
      name: 'mois.json',
      mimeType: 'application/json',
      buffer: Buffer.from(seedBackupText()),
    });
    const summary = dash.getByTestId('restore-summary');
    await expect
      .poll(() => summary.textContent())
      .toMatch(/Événements\d+ ajouté\(s\), 0 modifié\(s\), 0 supprimé\(s\)/);
    await dash.getByTestId('restore-confirm').click();
    await expect.poll(() => dash.getByTestId('backup-status').textContent()).toBe('Sauvegarde restaurée.');
  });

  it('counts today through the real flows and the popup', async () => {
    const page = await session.context.newPage();
    const walker = new DmpWalker(page, server);
    await walker.openPatientList();
    await walker.openRecord(0);
    await walker.deposit('CR ou fiche de consultation ou de visite', 0);
    await walker.backToRecord();
    server.failNextDeposit();
    await walker.deposit('Prescription de produits de santé', 1);
    await walker.backToRecord();
    await walker.openPatientList();
    await walker.openRecord(1);
    await page.close();

    const popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('button', { name: '+1 dépôt' }).click();
    await expect.poll(() => popup.getByTestId('today-uploads').locator('dd').textContent()).toBe('2');
    await popup.getByRole('button', { name: '+1 lecture' }).click();
    await expect.poll(() => popup.getByTestId('today-reads').locator('dd').textContent()).toBe('3');
    // Last month has deposits and was never exported: the popup reminds.
    expect(await popup.getByTestId('export-reminder').textContent()).toContain(`Exporter`);
    await popup.close();

    const today = (await readEvents(dash)).filter((e) => e.day === TODAY && !e.undone);
    expect(today.filter((e) => e.kind === 'dmp_upload')).toHaveLength(2);
    expect(today.filter((e) => e.kind === 'dmp_upload_failed')).toHaveLength(1);
    expect(today.filter((e) => e.kind === 'dmp_consult')).toHaveLength(3);
  });

  it("shows the month's figures, the same as the stored events give, and undoes and redoes from the journal", async () => {
    await dash.reload();
    const events = (await readEvents(dash)).filter((e) => e.day.startsWith(MONTH));
    const live = events.filter((e) => !e.undone);
    const count = (kind: DmpEvent['kind']) => live.filter((e) => e.kind === kind).length;
    await expect.poll(() => figure(dash, 'uploads')).toBe(String(count('dmp_upload')));
    expect(await figure(dash, 'reads')).toBe(String(count('dmp_consult')));
    expect(await figure(dash, 'failures')).toBe(String(count('dmp_upload_failed')));
    expect(await figure(dash, 'consultations')).toBe(String(count('encounter')));
    expect(await dash.getByTestId('report-profile').textContent()).toBeTruthy();
    // By class, and one journal row per event of the month (first page).
    expect(
      await dash.locator('[data-testid="class-table"] tr[data-class="11488-4"] td').first().textContent(),
    ).toBe(String(live.filter((e) => e.kind === 'dmp_upload' && e.docClass === '11488-4').length));
    expect(await dash.locator('[data-testid="journal"] tbody tr').count()).toBe(Math.min(20, events.length));
    // Three charts drawn, and their table equivalent has every day.
    expect(await dash.locator('.chart-box canvas').count()).toBe(3);
    expect(await dash.locator('[data-testid="day-table"] tbody tr').count()).toBe(daysOfMonth(MONTH).length);

    const reads = count('dmp_consult');
    const newest = dash.locator('[data-testid="journal"] tbody tr').first();
    expect(await newest.locator('td').nth(1).textContent()).toBe('Lecture DMP');
    await newest.getByRole('button', { name: /^Annuler/ }).click();
    await expect.poll(() => figure(dash, 'reads')).toBe(String(reads - 1));
    expect(await newest.locator('td').nth(4).textContent()).toBe('annulé');
    await newest.getByRole('button', { name: /^Rétablir/ }).click();
    await expect.poll(() => figure(dash, 'reads')).toBe(String(reads));
  });

  it('downloads both CSVs (Excel France) and the synthèse (standard) through the dashboard', async () => {
    const downloads: Download[] = [];
    dash.on('download', (d) => downloads.push(d));
    await dash.getByTestId('export-both').click();
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    for (const d of downloads) {
      const path = join(tmp, `excel-fr_${d.suggestedFilename()}`);
      await d.saveAs(path);
      files[`excel-fr:${d.suggestedFilename()}`] = path;
    }
    expect(Object.keys(files).sort()).toEqual([
      `excel-fr:suivi-dmp_journal_${MONTH}.csv`,
      `excel-fr:suivi-dmp_synthese_${MONTH}.csv`,
    ]);

    await dash.getByRole('radio', { name: /^Standard/ }).check();
    const [standard] = await Promise.all([
      dash.waitForEvent('download'),
      dash.getByTestId('export-synthese').click(),
    ]);
    const path = join(tmp, `standard_${standard.suggestedFilename()}`);
    await standard.saveAs(path);
    files[`standard:${standard.suggestedFilename()}`] = path;
  });

  it('wrote the synthèse and the journal as the data contract says, with the expected figures', async () => {
    const all = await readAllStorage(dash);
    const events = (all['idb:suivi-dmp:events'] as DmpEvent[]).filter((e) => e.day.startsWith(MONTH));
    const spans = all['idb:suivi-dmp:spans'] as TimeSpan[];
    const expected = monthDayStats(summarizeDays(events, spans), MONTH, IN_FORCE);

    const synthese = readFileSync(files[`excel-fr:suivi-dmp_synthese_${MONTH}.csv`]!, 'utf8');
    expect(
      synthese.startsWith(
        '\uFEFFdate;consultations;documents_produits;depots_dmp;echecs_depot_dmp;lectures_dmp;',
      ),
    ).toBe(true);
    const rows = rowsOf(synthese, ';');
    expect(rows[0]).toEqual([...SYNTHESE_COLUMNS]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(daysOfMonth(MONTH));
    const todayRow = rows.find((r) => r[0] === TODAY)!;
    expect(todayRow.slice(3, 6)).toEqual(['2', '1', '3']); // deposits, failures, reads
    for (const [i, row] of rows.slice(1).entries()) {
      const e = expected[i]!;
      expect(row.slice(1, 10).map(Number), row[0]).toEqual([
        e.consultations,
        e.documents_produits,
        e.depots_dmp,
        e.echecs_depot_dmp,
        e.lectures_dmp,
        e.ordonnances_numeriques,
        e.arrets_travail,
        e.actes_couteux,
        e.actes_couteux_apres_lecture_dmp,
      ]);
      expect(row[10], row[0]).toBe(e.minutes_dmp.toFixed(1).replace('.', ','));
      // The rate and its parts, as the popup and the dashboard compute them.
      expect(row.slice(12), row[0]).toEqual([
        e.taux_alimentation === null ? '' : e.taux_alimentation.toFixed(2).replace('.', ','),
        String(e.documents_requis),
        String(e.documents_requis_deposes),
        String(e.consultations_avec_depot_requis),
      ]);
    }
    if (DAY_OF_MONTH > 2) {
      // Day 2 of the seeded days: 2 deposits, 2 consultations, no read, 10 DMP minutes. No
      // document produced: the rate is per consultation, 1 of 2 with a required deposit (a VSM;
      // a consultation report is not required by the obligation in force).
      expect(rows[2]).toEqual([
        `${MONTH}-02`,
        '2',
        '0',
        '2',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '10,0',
        '0,0',
        '0,50',
        '0',
        '0',
        '1',
      ]);
    }

    const journal = readFileSync(files[`excel-fr:suivi-dmp_journal_${MONTH}.csv`]!, 'utf8');
    const lines = journal
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(journal.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe(
      'horodatage;type;classe_document;libelle_document;site;source;rencontre;duree_s;annule',
    );
    expect(lines).toHaveLength(events.length + 1);
    expect(lines.filter((l) => l.includes(';manual;manual;'))).toHaveLength(2);
    expect(
      lines.some((l) =>
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2};depot_dmp;11488-4;CR de consultation;dmp-web;auto;/.test(
          l,
        ),
      ),
    ).toBe(true);
    if (DAY_OF_MONTH > 1) expect(lines.filter((l) => l.endsWith(';oui'))).toHaveLength(1);

    const standard = readFileSync(files[`standard:suivi-dmp_synthese_${MONTH}.csv`]!, 'utf8');
    expect(standard.startsWith('date,consultations,')).toBe(true);
    expect(
      rowsOf(standard, ',')
        .find((r) => r[0] === TODAY)!
        .slice(3, 6),
    ).toEqual(['2', '1', '3']);
    console.log(
      `[dashboard e2e] first lines of the synthèse (Excel France):\n${synthese.split('\r\n').slice(0, 4).join('\n')}`,
    );
  });

  it('refuses a hostile backup, in the dashboard and in the background, and changes nothing', async () => {
    const before = await readAllStorage(dash);
    const hostile = JSON.stringify({
      format: 'suivi-dmp-backup',
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      events: [],
      spans: [],
      sites: [],
      taughtRules: [],
      profileId: 'in-force',
    }).replace('"events"', '"settings":{"__proto__":{"polluted":true}},"events"');
    await dash
      .getByTestId('restore-file')
      .setInputFiles({ name: 'piege.json', mimeType: 'application/json', buffer: Buffer.from(hostile) });
    await expect
      .poll(() => dash.getByTestId('backup-status').textContent())
      .toMatch(/^Restauration refusée, rien n'a été changé\..*clé interdite « __proto__ »/);
    expect(await dash.getByTestId('restore-confirm').count()).toBe(0);

    // Sent straight to the background, in "replace" mode: refused there too.
    const reply = await dash.evaluate(sendRestore, hostile);
    expect(reply).toMatchObject({ ok: false, code: 'hostile' });
    const truncated = await dash.evaluate(sendRestore, seedBackupText().slice(0, 200));
    expect(truncated).toMatchObject({ ok: false, code: 'truncated' });
    expect(await readAllStorage(dash)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('opens in LibreOffice with the same columns and numbers', async () => {
    if (!existsSync(SOFFICE))
      throw new Error(
        `LibreOffice is missing (${SOFFICE}): run node tests/tools/ensure-browsers.mjs libreoffice`,
      );
    const profile = join(tmp, 'lo-profile');
    const xlsx = join(tmp, 'xlsx');
    const back = join(tmp, 'back');
    mkdirSync(xlsx);
    mkdirSync(back);
    // Excel France: `;`, UTF-8 (76), French number parsing (1036: decimal comma); standard: `,`.
    soffice(
      [
        '--infilter=CSV:59,34,76,1,,1036',
        '--convert-to',
        'xlsx',
        '--outdir',
        xlsx,
        files[`excel-fr:suivi-dmp_synthese_${MONTH}.csv`]!,
        files[`excel-fr:suivi-dmp_journal_${MONTH}.csv`]!,
      ],
      profile,
    );
    soffice(
      [
        '--infilter=CSV:44,34,76,1,,1033',
        '--convert-to',
        'xlsx',
        '--outdir',
        xlsx,
        files[`standard:suivi-dmp_synthese_${MONTH}.csv`]!,
      ],
      profile,
    );
    expect(readdirSync(xlsx).sort()).toEqual([
      `excel-fr_suivi-dmp_journal_${MONTH}.xlsx`,
      `excel-fr_suivi-dmp_synthese_${MONTH}.xlsx`,
      `standard_suivi-dmp_synthese_${MONTH}.xlsx`,
    ]);
    soffice(
      [
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1',
        '--outdir',
        back,
        ...readdirSync(xlsx).map((f) => join(xlsx, f)),
      ],
      profile,
    );

    const original = rowsOf(readFileSync(files[`excel-fr:suivi-dmp_synthese_${MONTH}.csv`]!, 'utf8'), ';');
    for (const name of [
      `excel-fr_suivi-dmp_synthese_${MONTH}.csv`,
      `standard_suivi-dmp_synthese_${MONTH}.csv`,
    ]) {
      const roundTrip = rowsOf(readFileSync(join(back, name), 'utf8'), ',').map((r) =>
        r.map((c) => c.replace(/^"|"$/g, '')),
      );
      expect(roundTrip[0], name).toEqual(original[0]);
      expect(roundTrip).toHaveLength(original.length);
      for (const [i, row] of roundTrip.slice(1).entries()) {
        const source = original[i + 1]!;
        // The date stays the date; every figure comes back as the same number (decimal point: it was read as a number).
        expect(row[0], name).toBe(source[0]);
        expect(
          row.slice(1).map((c) => (c === '' ? null : Number(c))),
          `${name} ${row[0]}`,
        ).toEqual(source.slice(1).map((c) => (c === '' ? null : Number(c.replace(',', '.')))));
        expect(
          row.slice(1).every((c) => !c.includes(';') && !Number.isNaN(Number(c))),
          `${name} ${row[0]}`,
        ).toBe(true);
      }
    }
    const journal = readFileSync(join(back, `excel-fr_suivi-dmp_journal_${MONTH}.csv`), 'utf8')
      .trimEnd()
      .split(/\r?\n/);
    expect(journal[0]).toBe(
      '"horodatage","type","classe_document","libelle_document","site","source","rencontre","duree_s","annule"',
    );
    expect(journal).toHaveLength(
      readFileSync(files[`excel-fr:suivi-dmp_journal_${MONTH}.csv`]!, 'utf8').trimEnd().split('\r\n').length,
    );
  });

  it('reminds to export last month, has no axe violations and takes a screenshot, light and dark', async () => {
    await dash.reload();
    const reminder = dash.getByTestId('export-reminder');
    await expect.poll(() => reminder.count()).toBe(1);
    await dash.waitForSelector('.chart-box canvas');
    const shots = SCREENSHOT_DIR;
    mkdirSync(shots, { recursive: true });
    await dash.setViewportSize({ width: 1100, height: 900 });
    await dash.evaluate(() => window.scrollTo(0, 0));
    // The month report down to the table by class (the journal and the other panels follow).
    const height = Math.ceil(
      await dash
        .locator('#classes')
        .evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY + 16),
    );
    const clip = { x: 0, y: 0, width: 1100, height };
    await dash.screenshot({ path: join(shots, 'dashboard-light.png'), clip, fullPage: true });
    const violations = [...(await axeViolations(dash))];
    await dash.emulateMedia({ colorScheme: 'dark' });
    await dash.waitForTimeout(300); // the charts redraw in the dark colours
    await dash.screenshot({ path: join(shots, 'dashboard-dark.png'), clip, fullPage: true });
    violations.push(...(await axeViolations(dash)));
    // axe-core (WCAG 2.1 A/AA, best practices) on the whole dashboard, light and dark.
    expect(violations).toEqual([]);
    await dash.emulateMedia({ colorScheme: 'light' });

    await reminder.getByRole('button', { name: /^Exporter/ }).click();
    await expect.poll(() => dash.getByTestId('month-select').inputValue()).toBe(PREVIOUS_MONTH);
    await expect.poll(() => dash.evaluate(() => document.activeElement?.id)).toBe('export-title');
    const [download] = await Promise.all([
      dash.waitForEvent('download'),
      dash.getByTestId('export-synthese').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`suivi-dmp_synthese_${PREVIOUS_MONTH}.csv`);
    // Exported: no reminder for that month any more.
    await dash.reload();
    await dash.getByTestId('month-select').waitFor();
    await dash.waitForTimeout(300);
    expect(await dash.getByTestId('export-reminder').count()).toBe(0);
  });

  it('erases everything after the typed confirmation', async () => {
    await dash.getByTestId('erase-open').click();
    expect(await dash.getByTestId('erase-confirm').isDisabled()).toBe(true);
    // The word's field takes the focus (just after the click): typing goes there.
    await expect
      .poll(() => dash.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('erase-word');
    await dash.keyboard.type('EFFACER');
    await dash.keyboard.press('Enter');
    await expect
      .poll(() => dash.getByTestId('erase-status').textContent())
      .toBe('Toutes les données ont été effacées.');
    const all = await readAllStorage(dash);
    for (const store of ['events', 'spans', 'days', 'sites', 'taughtRules', 'unconfirmed'])
      expect(all[`idb:suivi-dmp:${store}`], store).toEqual([]);
    expect(all['storage:local']).toEqual({});
    await expect.poll(() => figure(dash, 'uploads')).toBe('0');
  });
});

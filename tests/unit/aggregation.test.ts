import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthCsvFiles, type CsvDialect } from '@/lib/domain/csv';
import type { TimeSpan } from '@/lib/domain/spans';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';
import { summarizeDays } from '@/lib/domain/day-summary';
import { builtinProfile } from '@/lib/domain/obligations';

const IN_FORCE = builtinProfile('in-force')!;

/**
 * Runs the SQL of docs/aggregation.md, as written there, with DuckDB's Node package, on synthèse
 * files written by `monthCsvFiles` for three fake doctors in both dialects, and checks the
 * results against figures worked out by hand.
 */

const DOC = readFileSync(join(import.meta.dirname, '../../docs/aggregation.md'), 'utf8');

/** The fenced sql block whose first line is `-- <name>`. */
function sqlBlock(name: string): string {
  const blocks = [...DOC.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const found = blocks.filter((b) => b.split('\n', 1)[0]!.trim() === `-- ${name}`);
  if (found.length !== 1)
    throw new Error(`docs/aggregation.md: expected one sql block "-- ${name}", found ${found.length}`);
  return found[0]!;
}

const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0) =>
  new Date(y, m - 1, d, h, min, s).getTime();

let n = 0;
function many(
  count: number,
  kind: DmpEvent['kind'],
  y: number,
  m: number,
  d: number,
  fields: Partial<DmpEvent> = {},
): DmpEvent[] {
  return Array.from({ length: count }, (_, i) => {
    n += 1;
    return makeEvent({
      id: `event-${String(n).padStart(6, '0')}`,
      kind,
      at: at(y, m, d, 8, i),
      site: 'weda',
      source: 'auto',
      // Documents and deposits are of a required class (a biology report) unless told otherwise.
      ...(kind === 'document_produced' || kind === 'dmp_upload' ? { docClass: '11502-2' as const } : {}),
      ...fields,
    });
  });
}

/** `count` consultations of one day, the first `withDeposit` of them with one deposit each. */
function consultations(count: number, withDeposit: number, y: number, m: number, d: number): DmpEvent[] {
  return many(count, 'encounter', y, m, d).flatMap((e, i) => {
    const linked = { ...e, encounter: `enc-${e.id}` };
    if (i >= withDeposit) return [linked];
    return [linked, ...many(1, 'dmp_upload', y, m, d, { site: 'dmp-web', encounter: linked.encounter })];
  });
}

let s = 0;
function dmpMinutes(
  y: number,
  m: number,
  d: number,
  minutes: number,
  activity: TimeSpan['activity'] = 'dmp',
): TimeSpan {
  s += 1;
  const start = at(y, m, d, 14);
  return {
    id: `span:x:${activity}:${s}`,
    site: activity === 'manual' ? 'manual' : 'dmp-web',
    activity,
    start,
    end: start + minutes * 60_000,
    day: '',
  };
}

interface Month {
  events: DmpEvent[];
  spans: TimeSpan[];
}

// Doctor A, Excel-France, one folder: March: 6 consultations, 4 documents, 3 deposits, 15 DMP minutes
// (rate 3/4 = 0.75, 2.5 min/consultation); February: 5 consultations, no document, 1 deposit,
// 20 minutes (rate 1/5 = 0.2, 4 min/consultation).
const drA: Record<string, Month> = {
  '2026-03': {
    events: [
      ...many(4, 'encounter', 2026, 3, 2),
      ...many(2, 'document_produced', 2026, 3, 2),
      ...many(2, 'dmp_upload', 2026, 3, 2, { site: 'dmp-web' }),
      ...many(1, 'dmp_upload', 2026, 3, 2, { site: 'dmp-web', undone: true }),
      ...many(2, 'encounter', 2026, 3, 3),
      ...many(2, 'document_produced', 2026, 3, 3),
      ...many(1, 'dmp_upload', 2026, 3, 3, { site: 'dmp-web' }),
    ],
    spans: [dmpMinutes(2026, 3, 2, 10), dmpMinutes(2026, 3, 2, 30, 'program'), dmpMinutes(2026, 3, 3, 5)],
  },
  '2026-02': {
    events: consultations(5, 1, 2026, 2, 10),
    spans: [dmpMinutes(2026, 2, 10, 20)],
  },
};

// Doctor B, standard, one folder, a program without "document produced": March: 10 consultations,
// 4 deposits (rate 4/10 = 0.4), 20 DMP minutes of which 8 on the manual timer (2 min/consultation).
const drB: Record<string, Month> = {
  '2026-03': {
    events: [...consultations(5, 3, 2026, 3, 2), ...consultations(5, 1, 2026, 3, 31)],
    spans: [dmpMinutes(2026, 3, 2, 8, 'manual'), dmpMinutes(2026, 3, 31, 12)],
  },
};

// Doctor C, named by a file prefix: March in standard: 6 consultations, 6 documents, 3 deposits
// (rate 0.5), 18 DMP minutes (3 min/consultation), one day being the daylight-saving change;
// February in Excel-France: 2 consultations, 2 documents, 2 deposits (rate 1), 6 minutes (3).
const drC: Record<string, Month> = {
  '2026-03': {
    events: [
      ...many(4, 'encounter', 2026, 3, 16),
      ...many(5, 'document_produced', 2026, 3, 16),
      ...many(2, 'dmp_upload', 2026, 3, 16, { site: 'dmp-web' }),
      ...many(2, 'encounter', 2026, 3, 29),
      ...many(1, 'document_produced', 2026, 3, 29),
      ...many(1, 'dmp_upload', 2026, 3, 29, { site: 'dmp-web' }),
    ],
    spans: [dmpMinutes(2026, 3, 16, 7.5), dmpMinutes(2026, 3, 29, 10.5)],
  },
  '2026-02': {
    events: [
      ...many(2, 'encounter', 2026, 2, 3),
      ...many(2, 'document_produced', 2026, 2, 3),
      ...many(2, 'dmp_upload', 2026, 2, 3, { site: 'dmp-web' }),
    ],
    spans: [dmpMinutes(2026, 2, 3, 6)],
  },
};

let root: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;

function write(dir: string, month: string, data: Month, dialect: CsvDialect, prefix = ''): void {
  mkdirSync(dir, { recursive: true });
  for (const file of monthCsvFiles(
    data.events,
    summarizeDays(data.events, data.spans),
    IN_FORCE,
    month,
    dialect,
  )) {
    writeFileSync(join(dir, prefix + file.filename), file.content, 'utf8');
  }
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'suivi-dmp-agg-'));
  const syntheses = join(root, 'syntheses');
  write(join(syntheses, 'dr-a'), '2026-03', drA['2026-03']!, 'excel-fr');
  write(join(syntheses, 'dr-a'), '2026-02', drA['2026-02']!, 'excel-fr');
  write(join(syntheses, 'dr-b'), '2026-03', drB['2026-03']!, 'standard');
  write(syntheses, '2026-03', drC['2026-03']!, 'standard', 'dr-c_');
  write(syntheses, '2026-02', drC['2026-02']!, 'excel-fr', 'dr-c_');
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  // The docs' SQL reads `syntheses/...` relative to where DuckDB runs: point DuckDB there.
  await db.run(`SET file_search_path = '${root.replaceAll("'", "''")}'`);
  await db.run(sqlBlock('vue : synthese'));
  await db.run(sqlBlock('vue : medecin_mois'));
}, 60_000);

afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
  if (root) rmSync(root, { recursive: true, force: true });
});

const num = (v: unknown) => Number(v);

describe('docs/aggregation.md on the extension own CSVs', () => {
  it('reads every file of both dialects, every day, with its doctor', async () => {
    const perDoctor = await rows(
      `SELECT medecin, count(*) AS jours, count(date) AS dates, sum(depots_dmp) AS depots, sum(minutes_dmp) AS minutes
       FROM synthese GROUP BY medecin ORDER BY medecin`,
    );
    expect(
      perDoctor.map((r) => [r.medecin, num(r.jours), num(r.dates), num(r.depots), num(r.minutes)]),
    ).toEqual([
      ['dr-a', 31 + 28, 31 + 28, 3 + 1, 15 + 20],
      ['dr-b', 31, 31, 4, 20],
      ['dr-c', 31 + 28, 31 + 28, 3 + 2, 18 + 6],
    ]);
    // Decimal commas (Excel-France) and points (standard) give the same numbers.
    const half = await rows(
      `SELECT medecin, minutes_dmp, taux_alimentation FROM synthese WHERE date = DATE '2026-03-16'`,
    );
    expect(half.find((r) => r.medecin === 'dr-c')).toMatchObject({
      minutes_dmp: 7.5,
      taux_alimentation: 0.4,
    });
    const a2 = await rows(
      `SELECT minutes_dmp, minutes_logiciel, taux_alimentation FROM synthese WHERE medecin = 'dr-a' AND date = DATE '2026-03-02'`,
    );
    expect(a2).toEqual([{ minutes_dmp: 10, minutes_logiciel: 30, taux_alimentation: 1 }]);
    const empty = await rows(
      `SELECT count(*) AS n FROM synthese WHERE taux_alimentation IS NULL AND consultations = 0 AND documents_produits = 0`,
    );
    expect(num(empty[0]!.n)).toBe(149 - 8);
  });

  it('gives each doctor month its rate and minutes per consultation', async () => {
    const r = await rows(
      `SELECT medecin, mois, taux_alimentation AS taux, minutes_dmp_par_consultation AS mpc FROM medecin_mois ORDER BY medecin, mois`,
    );
    expect(r.map((x) => [x.medecin, x.mois, num(x.taux), num(x.mpc)])).toEqual([
      ['dr-a', '2026-02', 0.2, 4],
      ['dr-a', '2026-03', 0.75, 2.5],
      ['dr-b', '2026-03', 0.4, 2],
      ['dr-c', '2026-02', 1, 3],
      ['dr-c', '2026-03', 0.5, 3],
    ]);
  });

  it('gives the group monthly sums, pooled rates and their spread across doctors', async () => {
    const [feb, mar] = await rows(sqlBlock('requête : groupe_par_mois'));
    expect(feb).toBeDefined();
    expect(mar).toBeDefined();

    // February: A (5 consultations, no document, 1 deposit, 20 min) and C (2, 2, 2, 6 min).
    expect(feb!.mois).toBe('2026-02');
    expect(num(feb!.medecins)).toBe(2);
    expect([feb!.consultations, feb!.documents_produits, feb!.depots_dmp, feb!.minutes_dmp].map(num)).toEqual(
      [7, 2, 3, 26],
    );
    expect(num(feb!.taux_groupe)).toBeCloseTo(3 / 7, 4); // (1 + 2) / (5 consultations + 2 documents)
    expect(num(feb!.taux_q1)).toBeCloseTo(0.4, 10); // rates 0.2 and 1
    expect(num(feb!.taux_mediane)).toBeCloseTo(0.6, 10);
    expect(num(feb!.taux_q3)).toBeCloseTo(0.8, 10);
    expect(num(feb!.minutes_dmp_par_consultation_groupe)).toBeCloseTo(26 / 7, 4);
    expect(num(feb!.minutes_par_consultation_q1)).toBeCloseTo(3.25, 10); // 4 and 3
    expect(num(feb!.minutes_par_consultation_mediane)).toBeCloseTo(3.5, 10);
    expect(num(feb!.minutes_par_consultation_q3)).toBeCloseTo(3.75, 10);

    // March: A (6, 4, 3, 15 min), B (10, 0, 4, 20 min), C (6, 6, 3, 18 min).
    expect(mar!.mois).toBe('2026-03');
    expect(num(mar!.medecins)).toBe(3);
    expect([mar!.consultations, mar!.documents_produits, mar!.depots_dmp, mar!.minutes_dmp].map(num)).toEqual(
      [22, 10, 10, 53],
    );
    expect(num(mar!.taux_groupe)).toBeCloseTo(10 / 20, 10); // (3 + 4 + 3) / (4 documents + 10 consultations + 6 documents)
    expect(num(mar!.taux_q1)).toBeCloseTo(0.45, 10); // rates 0.4, 0.5, 0.75
    expect(num(mar!.taux_mediane)).toBeCloseTo(0.5, 10);
    expect(num(mar!.taux_q3)).toBeCloseTo(0.625, 10);
    expect(num(mar!.minutes_dmp_par_consultation_groupe)).toBeCloseTo(53 / 22, 4);
    expect(num(mar!.minutes_par_consultation_q1)).toBeCloseTo(2.25, 10); // 2, 2.5, 3
    expect(num(mar!.minutes_par_consultation_mediane)).toBeCloseTo(2.5, 10);
    expect(num(mar!.minutes_par_consultation_q3)).toBeCloseTo(2.75, 10);
  });

  it('checks list each file and find no problem in clean files', async () => {
    const r = await rows(sqlBlock('requête : controles'));
    expect(r.filter((x) => x.controle === 'fichier')).toHaveLength(5);
    expect(r.filter((x) => String(x.controle).startsWith('probleme'))).toEqual([]);
    expect(r.every((x) => num(x.lignes) >= 28 && num(x.lignes) <= 31)).toBe(true);
  });

  it('checks flag a file sent twice', async () => {
    const dir = join(root, 'syntheses', 'dr-b');
    const copy = join(dir, 'suivi-dmp_synthese_2026-03 (1).csv');
    copyFileSync(join(dir, 'suivi-dmp_synthese_2026-03.csv'), copy);
    try {
      const problems = (await rows(sqlBlock('requête : controles'))).filter((x) =>
        String(x.controle).startsWith('probleme'),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ controle: 'probleme : jour en double', medecin: 'dr-b' });
      expect(String(problems[0]!.detail)).toContain('(1).csv');
      expect(num(problems[0]!.lignes)).toBe(62);
    } finally {
      rmSync(copy);
    }
  });
});

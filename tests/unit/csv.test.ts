import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { TimeSpan } from '@/lib/domain/spans';
import {
  DEFAULT_FR_DOC_CLASS_LABELS,
  JOURNAL_COLUMNS,
  KIND_FRENCH_ID,
  SYNTHESE_COLUMNS,
  docClassLabels,
  isoLocal,
  journalCsv,
  monthCsvFiles,
  writeCsv,
  type CsvDialect,
} from '@/lib/domain/csv';
import { DOC_CLASSES } from '@/lib/domain/doc-classes';
import { EVENT_KINDS, makeEvent, type DmpEvent } from '@/lib/domain/events';
import { frenchGetMessage } from './setup';
import { summarizeDays } from '@/lib/domain/day-summary';
import { builtinProfile } from '@/lib/domain/obligations';
import { inTimeZone } from '../support/time-zone';

const IN_FORCE = builtinProfile('in-force')!;

const at = (y: number, m: number, d: number, h = 0, min = 0, s = 0) =>
  new Date(y, m - 1, d, h, min, s).getTime();

let n = 0;
function ev(kind: DmpEvent['kind'], when: number, fields: Partial<DmpEvent> = {}): DmpEvent {
  n += 1;
  return makeEvent({
    id: `event-${String(n).padStart(5, '0')}`,
    kind,
    at: when,
    site: 'dmp-web',
    source: 'auto',
    ...fields,
  });
}

function span(activity: TimeSpan['activity'], start: number, end: number): TimeSpan {
  return {
    id: `span:dmp-web:${activity}:${start}`,
    site: 'dmp-web',
    activity,
    start,
    end,
    day: '2026-03-01',
  };
}

const SYNTHESE_HEADER =
  'date;consultations;documents_produits;depots_dmp;echecs_depot_dmp;lectures_dmp;ordonnances_numeriques;arrets_travail;actes_couteux;actes_couteux_apres_lecture_dmp;minutes_dmp;minutes_logiciel;taux_alimentation;documents_requis;documents_requis_deposes;consultations_avec_depot_requis';
const JOURNAL_HEADER =
  'horodatage;type;classe_document;libelle_document;site;source;rencontre;duree_s;annule';

/** Lines of a file without BOM and the final line end; fails if a line end is not CRLF. */
function lines(content: string): string[] {
  const body = content.replace(/^\uFEFF/, '');
  expect(body.endsWith('\r\n')).toBe(true);
  expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return body.slice(0, -2).split('\r\n');
}

function files(events: DmpEvent[], spans: TimeSpan[], month: string, dialect: CsvDialect) {
  const [synthese, journal] = monthCsvFiles(events, summarizeDays(events, spans), IN_FORCE, month, dialect);
  return {
    synthese: synthese!,
    journal: journal!,
    all: monthCsvFiles(events, summarizeDays(events, spans), IN_FORCE, month, dialect),
  };
}

describe('the data contract', () => {
  it('has the columns of docs/csv.md, in order', () => {
    expect(SYNTHESE_COLUMNS.join(';')).toBe(SYNTHESE_HEADER);
    expect(JOURNAL_COLUMNS.join(';')).toBe(JOURNAL_HEADER);
  });

  it('names each kind with its French id', () => {
    expect(EVENT_KINDS.map((k) => KIND_FRENCH_ID[k])).toEqual([
      'depot_dmp',
      'echec_depot_dmp',
      'lecture_dmp',
      'consultation',
      'document_produit',
      'ordonnance_numerique',
      'arret_travail',
      'acte_couteux',
    ]);
  });

  it('default French labels are the texts of the fr locale file', () => {
    for (const code of DOC_CLASSES) {
      expect(DEFAULT_FR_DOC_CLASS_LABELS[code], code).toBe(
        frenchGetMessage(`docClass_${code.replace(/-/g, '_')}`),
      );
    }
    expect(docClassLabels(frenchGetMessage)).toEqual(DEFAULT_FR_DOC_CLASS_LABELS);
  });

  it('labels come from the lookup given, French default for a missing message', () => {
    const labels = docClassLabels((key) => (key === 'docClass_VSM' ? 'Medical summary (VSM)' : ''));
    expect(labels.VSM).toBe('Medical summary (VSM)');
    expect(labels['11488-4']).toBe('CR de consultation');
  });
});

describe('monthCsvFiles', () => {
  it('names both files with the month', () => {
    expect(files([], [], '2026-03', 'excel-fr').all.map((f) => f.filename)).toEqual([
      'suivi-dmp_synthese_2026-03.csv',
      'suivi-dmp_journal_2026-03.csv',
    ]);
  });

  it('an empty 31-day month: header and 31 zero rows, no rate, an empty journal (excel-fr)', () => {
    const { synthese, journal } = files([], [], '2026-03', 'excel-fr');
    expect(synthese.content.startsWith('\uFEFFdate;')).toBe(true);
    const rows = lines(synthese.content);
    expect(rows[0]).toBe(SYNTHESE_HEADER);
    expect(rows).toHaveLength(32);
    expect(rows[1]).toBe('2026-03-01;0;0;0;0;0;0;0;0;0;0,0;0,0;;0;0;0');
    expect(rows[31]).toBe('2026-03-31;0;0;0;0;0;0;0;0;0;0,0;0,0;;0;0;0');
    expect(lines(journal.content)).toEqual([JOURNAL_HEADER]);
    expect(journal.content.charCodeAt(0)).toBe(0xfeff);
  });

  it('an empty month in the standard dialect: commas, decimal point, no BOM', () => {
    const { synthese, journal } = files([], [], '2026-04', 'standard');
    expect(synthese.content.charCodeAt(0)).toBe('d'.charCodeAt(0));
    const rows = lines(synthese.content);
    expect(rows[0]).toBe(SYNTHESE_HEADER.replaceAll(';', ','));
    expect(rows).toHaveLength(31); // April: 30 days
    expect(rows[30]).toBe('2026-04-30,0,0,0,0,0,0,0,0,0,0.0,0.0,,0,0,0');
    expect(lines(journal.content)).toEqual([JOURNAL_HEADER.replaceAll(';', ',')]);
  });

  it('February has 28 rows, or 29 in a leap year', () => {
    expect(lines(files([], [], '2026-02', 'excel-fr').synthese.content)).toHaveLength(29);
    expect(lines(files([], [], '2028-02', 'standard').synthese.content)).toHaveLength(30);
  });

  const month = () => {
    const events = [
      ev('encounter', at(2026, 3, 2, 9), { site: 'weda', encounter: 'enc-11111111' }),
      ev('encounter', at(2026, 3, 2, 10), { site: 'weda', encounter: 'enc-22222222' }),
      ev('encounter', at(2026, 3, 2, 11), { site: 'weda' }),
      ev('document_produced', at(2026, 3, 2, 9, 5), { site: 'weda', docClass: '11488-4' }),
      ev('document_produced', at(2026, 3, 2, 9, 6), { site: 'weda', docClass: '57833-6' }),
      ev('document_produced', at(2026, 3, 2, 10, 6), { site: 'weda', docClass: '11490-0' }),
      ev('dmp_upload', at(2026, 3, 2, 9, 10), { docClass: 'VSM', durationMs: 95_250 }),
      ev('dmp_upload', at(2026, 3, 2, 10, 10), { docClass: '34133-9', source: 'manual' }),
      ev('dmp_upload', at(2026, 3, 2, 10, 20), { docClass: '34133-9', undone: true }),
      ev('dmp_upload_failed', at(2026, 3, 2, 10, 15), { docClass: '34133-9' }),
      ev('dmp_consult', at(2026, 3, 2, 9, 1), { encounter: 'enc-11111111' }),
      ev('costly_act', at(2026, 3, 2, 9, 20), { site: 'weda', encounter: 'enc-11111111' }),
      ev('costly_act', at(2026, 3, 2, 10, 30), { site: 'weda', encounter: 'enc-22222222' }),
      ev('eprescription', at(2026, 3, 2, 9, 30), { site: 'weda' }),
      ev('sick_leave', at(2026, 3, 2, 10, 40), { site: 'weda', source: 'taught' }),
      ev('dmp_upload', at(2026, 4, 1, 8)), // April: in neither file
    ];
    const spans = [
      span('dmp', at(2026, 3, 2, 9), at(2026, 3, 2, 9, 12, 30)), // 12.5 min
      span('manual', at(2026, 3, 2, 18), at(2026, 3, 2, 18, 3)), // 3 min
      span('program', at(2026, 3, 2, 8), at(2026, 3, 2, 8, 40, 15)), // 40.25 -> 40.3 min
    ];
    return { events, spans };
  };

  it('writes a day of activity with decimal commas (excel-fr)', () => {
    const { events, spans } = month();
    const rows = lines(files(events, spans, '2026-03', 'excel-fr').synthese.content);
    // 3 consultations, 3 documents, 2 deposits (1 undone), 1 failure, 1 read, 1 e-prescription,
    // 1 sick leave, 2 costly acts of which 1 after a read; 15.5 DMP minutes, 40.3 program
    // minutes; rate 0: 2 required documents produced (57833-6, 11490-0), neither deposited in
    // its consultation (the deposits are of other classes).
    expect(rows[2]).toBe('2026-03-02;3;3;2;1;1;1;1;2;1;15,5;40,3;0,00;2;0;0');
    expect(rows[1]).toBe('2026-03-01;0;0;0;0;0;0;0;0;0;0,0;0,0;;0;0;0');
  });

  it('writes the same day with decimal points (standard)', () => {
    const { events, spans } = month();
    const rows = lines(files(events, spans, '2026-03', 'standard').synthese.content);
    expect(rows[2]).toBe('2026-03-02,3,3,2,1,1,1,1,2,1,15.5,40.3,0.00,2,0,0');
  });

  it('writes one journal row per event of the month, undone ones marked, in time order', () => {
    const { events, spans } = month();
    const journal = Papa.parse<string[]>(
      files(events, spans, '2026-03', 'excel-fr').journal.content.replace(/^\uFEFF/, ''),
      {
        delimiter: ';',
        skipEmptyLines: true,
      },
    ).data;
    expect(journal[0]).toEqual([...JOURNAL_COLUMNS]);
    const rows = journal.slice(1);
    expect(rows).toHaveLength(15);
    const times = rows.map((r) => Date.parse(r[0]!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const vsm = rows.find((r) => r[2] === 'VSM')!;
    expect(vsm.slice(1)).toEqual([
      'depot_dmp',
      'VSM',
      'Volet de synthèse médicale (VSM)',
      'dmp-web',
      'auto',
      '',
      '95,3',
      'non',
    ]);
    expect(Date.parse(vsm[0]!)).toBe(at(2026, 3, 2, 9, 10));
    const undone = rows.filter((r) => r[8] === 'oui');
    expect(undone).toHaveLength(1);
    expect(undone[0]!.slice(1, 4)).toEqual(['depot_dmp', '34133-9', "Synthèse d'épisode"]);
    const consult = rows.find((r) => r[1] === 'lecture_dmp')!;
    expect(consult[6]).toBe('enc-11111111');
    expect(rows.find((r) => r[1] === 'arret_travail')![5]).toBe('taught');
    expect(rows.find((r) => r[1] === 'consultation' && r[6] === '')![3]).toBe('');
    expect(new Set(rows.map((r) => r[8]))).toEqual(new Set(['oui', 'non']));
  });

  it('journal duration uses the dialect decimal mark', () => {
    const e = [ev('dmp_upload', at(2026, 3, 3, 9), { durationMs: 1500 })];
    expect(lines(journalCsv(e, 'standard'))[1]!.split(',')[7]).toBe('1.5');
    expect(lines(journalCsv(e, 'excel-fr'))[1]!.split(';')[7]).toBe('1,5');
  });

  it('takes the labels it is given', () => {
    const labels = { ...DEFAULT_FR_DOC_CLASS_LABELS, VSM: 'Medical summary, "VSM"' };
    const csv = journalCsv([ev('dmp_upload', at(2026, 3, 3, 9), { docClass: 'VSM' })], 'standard', labels);
    expect(lines(csv)[1]).toContain(',VSM,"Medical summary, ""VSM""",');
  });

  it('keeps accents as UTF-8 text', () => {
    const csv = journalCsv([ev('dmp_upload', at(2026, 3, 3, 9), { docClass: '89601-9' })], 'excel-fr');
    expect(csv).toContain(';Certificat médical;');
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)).toBe(csv);
  });
});

describe('writeCsv', () => {
  const hostile = [
    '=HYPERLINK("http://x","clic")',
    '+1+1',
    '-2+3',
    '@SUM(A1)',
    '\t=1',
    '\r=1',
    '=1+1\nsuite',
    '  =1',
    '\uFF1D1+1',
  ];

  it.each(['excel-fr', 'standard'] as const)(
    'neutralises every cell a spreadsheet would run (%s)',
    (dialect) => {
      const csv = writeCsv(
        ['a'],
        hostile.map((h) => [h]),
        dialect,
      );
      const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), {
        delimiter: dialect === 'excel-fr' ? ';' : ',',
        skipEmptyLines: true,
      })
        .data.slice(1)
        .map((r) => r[0]);
      expect(parsed).toEqual(hostile.map((h) => `'${h}`));
      // No line of the file starts with a formula character, quoted or not.
      for (const line of csv.split(/\r\n/)) expect(line).not.toMatch(/^"?[=+\-@]/);
    },
  );

  it('leaves ordinary text, dates and numbers as they are', () => {
    const csv = writeCsv(['a', 'b', 'c', 'd'], [['2026-03-29', 'texte', 0.5, 12]], 'excel-fr');
    expect(lines(csv)[1]).toBe('2026-03-29;texte;0,5;12');
    expect(lines(writeCsv(['a', 'b'], [[0.5, null]], 'standard'))[1]).toBe('0.5,');
    // Empty rows are kept, even last and in a one-column file.
    expect(writeCsv(['a'], [[''], ['']], 'standard')).toBe('a\r\n\r\n\r\n');
  });

  it('quotes separators, quotes and line breaks, per dialect', () => {
    const row = ['a;b', 'c,d', 'il dit "non"', 'deux\nlignes', ' espace'];
    const fr = lines(
      writeCsv(['1', '2', '3', '4', '5'], [row], 'excel-fr').replace('deux\nlignes', 'deux|lignes'),
    );
    expect(fr[1]).toBe('"a;b";c,d;"il dit ""non""";"deux|lignes";" espace"');
    const std = lines(
      writeCsv(['1', '2', '3', '4', '5'], [row], 'standard').replace('deux\nlignes', 'deux|lignes'),
    );
    expect(std[1]).toBe('a;b,"c,d","il dit ""non""","deux|lignes"," espace"');
  });

  it('round-trips hostile and accented text through a CSV reader', () => {
    const cells = ['"; DROP', 'à é è ç ô œ ’ «»', 'x\r\ny', '', 'fin ;'];
    for (const dialect of ['excel-fr', 'standard'] as const) {
      const csv = writeCsv(['a', 'b', 'c', 'd', 'e'], [cells], dialect);
      const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), {
        delimiter: dialect === 'excel-fr' ? ';' : ',',
        skipEmptyLines: true,
      }).data;
      expect(parsed[1]).toEqual(cells);
    }
  });
});

describe('isoLocal', () => {
  it('is ISO 8601 to the second with an offset, and names the same instant', () => {
    const t = at(2026, 3, 29, 3, 15);
    const text = isoLocal(t);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(Date.parse(text)).toBe(t);
    expect(text.slice(0, 19)).toBe('2026-03-29T03:15:00');
  });

  describe('in a half-hour zone', () => {
    inTimeZone('Asia/Kolkata');
    it('writes the minutes of the offset', () => {
      expect(isoLocal(Date.UTC(2026, 0, 1, 0, 0))).toBe('2026-01-01T05:30:00+05:30');
    });
  });

  describe('west of Greenwich', () => {
    inTimeZone('America/New_York');
    it('writes a negative offset', () => {
      expect(isoLocal(Date.UTC(2026, 0, 1, 12, 0, 5))).toBe('2026-01-01T07:00:05-05:00');
    });
  });
});

describe('the month of a daylight-saving change (March 2026, Europe/Paris)', () => {
  inTimeZone('Europe/Paris');

  it('journal offsets go from +01:00 to +02:00 on the 29th', () => {
    const events = [
      ev('dmp_upload', Date.UTC(2026, 2, 29, 0, 30)), // 01:30 winter time
      ev('dmp_upload', Date.UTC(2026, 2, 29, 1, 15)), // 03:15 summer time
    ];
    const rows = lines(
      monthCsvFiles(events, summarizeDays(events, []), IN_FORCE, '2026-03', 'excel-fr')[1]!.content,
    );
    expect(rows[1]!.startsWith('2026-03-29T01:30:00+01:00;depot_dmp;')).toBe(true);
    expect(rows[2]!.startsWith('2026-03-29T03:15:00+02:00;depot_dmp;')).toBe(true);
  });

  it('the synthèse still has 31 rows, and the 29th is a 23-hour day', () => {
    const events = [
      ev('encounter', at(2026, 3, 29, 10), { encounter: 'enc-dst-aaaa' }),
      ev('dmp_upload', at(2026, 3, 29, 10, 5), { encounter: 'enc-dst-aaaa', docClass: '11502-2' }),
    ];
    const spans = [
      span('program', at(2026, 3, 29), at(2026, 3, 30)),
      span('dmp', at(2026, 3, 29, 1, 50), at(2026, 3, 29, 3, 10)),
    ];
    const rows = lines(
      monthCsvFiles(events, summarizeDays(events, spans), IN_FORCE, '2026-03', 'standard')[0]!.content,
    );
    expect(rows).toHaveLength(32);
    // 01:50 to 03:10 across the missing hour is 20 real minutes.
    expect(rows[29]).toBe('2026-03-29,1,0,1,0,0,0,0,0,0,20.0,1380.0,1.00,0,0,1');
    expect(rows[28]!.startsWith('2026-03-28,0,')).toBe(true);
    expect(rows[30]!.startsWith('2026-03-30,0,')).toBe(true);
  });

  it('an event just after local midnight of the 1st is in the month, not in February', () => {
    const e = ev('dmp_upload', Date.UTC(2026, 1, 28, 23, 30)); // 00:30 on 1 March in Paris
    expect(
      lines(monthCsvFiles([e], summarizeDays([e], []), IN_FORCE, '2026-03', 'excel-fr')[0]!.content)[1],
    ).toBe('2026-03-01;0;0;1;0;0;0;0;0;0;0,0;0,0;;0;0;0');
    expect(
      lines(monthCsvFiles([e], summarizeDays([e], []), IN_FORCE, '2026-02', 'excel-fr')[1]!.content),
    ).toHaveLength(1);
  });
});

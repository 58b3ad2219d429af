// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { buildBackup, serializeBackup } from '@/lib/domain/backup';
import { DataService } from '@/lib/background/data-service';
import { openSuiviDb, putEvent, type SuiviDb } from '@/lib/storage/db';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';
import { EXPORT_REMINDER_KEY } from '@/lib/domain/export-reminder';
import { testBackground } from '../support/background';
import { SETTINGS_KEY } from '@/lib/domain/settings';
import { PopupApp } from '@/components/popup/PopupApp';
import { BackupPanel } from '@/components/dashboard/BackupPanel';
import { classRows } from '@/components/dashboard/ClassTable';
import { EraseData } from '@/components/dashboard/EraseData';
import { MonthReport } from '@/components/dashboard/MonthReport';
import { builtinProfile } from '@/lib/domain/obligations';

// happy-dom has no 2D canvas: the charts draw into a context that accepts every call.
const noopContext = new Proxy(
  {},
  {
    get: (_target, prop) =>
      prop === 'measureText' ? () => ({ width: 8 }) : prop === 'canvas' ? undefined : () => undefined,
    set: () => true,
  },
);
HTMLCanvasElement.prototype.getContext = (() =>
  noopContext) as unknown as typeof HTMLCanvasElement.prototype.getContext;
// Nor Path2D, which uPlot builds its bars with.
(globalThis as { Path2D?: unknown }).Path2D ??= class {
  constructor() {
    return new Proxy(this, { get: () => () => undefined });
  }
};

const NOW = new Date(2025, 2, 14, 10, 30);
let seq = 0;
function ev(day: number, month: number, fields: Partial<DmpEvent> & Pick<DmpEvent, 'kind'>): DmpEvent {
  seq += 1;
  return makeEvent({
    id: `seed-${String(seq).padStart(6, '0')}`,
    at: new Date(2025, month - 1, day, 9, seq % 60).getTime(),
    site: 'dmp-web',
    source: 'auto',
    ...fields,
  });
}

const SEED: DmpEvent[] = [
  ev(14, 3, { kind: 'dmp_upload', docClass: '11488-4', durationMs: 30_000 }),
  ev(14, 3, { kind: 'dmp_upload', docClass: 'VSM', durationMs: 50_000 }),
  ev(14, 3, { kind: 'dmp_upload', docClass: 'VSM', undone: true }),
  ev(14, 3, { kind: 'dmp_upload_failed', docClass: 'VSM' }),
  ev(14, 3, { kind: 'dmp_consult' }),
  ev(3, 3, { kind: 'encounter', site: 'weda' }),
  ev(3, 3, { kind: 'encounter', site: 'weda' }),
  ev(3, 3, { kind: 'dmp_consult' }),
  ev(1, 3, { kind: 'dmp_upload', docClass: '11488-4', source: 'manual', site: 'manual' }),
  // Last month: the reminder's month, not in the report.
  ev(28, 2, { kind: 'dmp_upload', docClass: '11502-2' }),
];

let db: SuiviDb;
let sendMessage: MockInstance<(message: { type: string }) => Promise<unknown>>;
const downloads: Array<{ name: string; blob: Blob }> = [];

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  seq = 0;
  db = await openSuiviDb();
  for (const event of SEED) await putEvent(db, event);
  const data = new DataService({
    db,
    settings: {
      get: async () => (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY],
      set: (s) => fakeBrowser.storage.local.set({ [SETTINGS_KEY]: s }),
    },
    clearStorage: () => fakeBrowser.storage.local.clear(),
    log: () => {},
    onChange: () => {},
  });
  const background = testBackground({ db, data, ownId: 'self', ownOrigin: 'chrome-extension://self/' });
  sendMessage = vi
    .spyOn(
      fakeBrowser.runtime as unknown as { sendMessage: (message: { type: string }) => Promise<unknown> },
      'sendMessage',
    )
    .mockImplementation((message) => {
      if (message.type === 'restore_apply' || message.type === 'erase_all')
        return background.route(message, {
          extensionId: 'self',
          url: 'chrome-extension://self/dashboard.html',
        });
      if (message.type.startsWith('timer_')) return Promise.resolve({ ok: true, timerStartedAt: null });
      return background.deps.handle(message as never, { channel: 'extension' });
    });
  downloads.length = 0;
  let n = 0;
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blobs.get(this.href)! });
  });
  location.hash = '';
});

afterEach(() => {
  db.close();
  vi.useRealTimers();
});

const figure = (id: string) => screen.getByTestId(id).querySelector('dd')?.firstChild?.textContent;

async function renderReport() {
  const view = render(<MonthReport />);
  await screen.findByTestId('report-uploads');
  return view;
}

describe('MonthReport', () => {
  it('shows the month with the same figures as the popup', async () => {
    render(
      <>
        <MonthReport />
        <PopupApp />
      </>,
    );
    await screen.findByTestId('report-uploads');
    await screen.findByTestId('month-uploads');
    expect(screen.getByRole('heading', { name: 'Bilan de mars 2025' })).toBeTruthy();
    const pairs: Array<[string, string]> = [
      ['report-uploads', 'month-uploads'],
      ['report-failures', 'month-failures'],
      ['report-reads', 'month-reads'],
      ['report-missing', 'month-missing'],
      ['report-fine', 'month-fine'],
      ['report-time', 'month-time'],
      ['report-per-deposit', 'month-per-deposit'],
    ];
    for (const [report, popup] of pairs)
      expect(figure(report), report).toBe(
        screen.getByTestId(popup).querySelector('dd')!.firstChild!.textContent,
      );
    expect(figure('report-uploads')).toBe('3');
    expect(figure('report-consultations')).toBe('2');
    expect(screen.getByTestId('report-rate').querySelector('.rate-value')!.textContent).toBe(
      screen.getByTestId('month-rate').querySelector('.rate-value')!.textContent,
    );
  });

  it('lists deposits by class and a day-by-day table with every day of the month', async () => {
    await renderReport();
    const rows = within(screen.getByTestId('class-table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.children].slice(0, 3).map((c) => c.textContent))).toEqual([
      ['CR de consultation', '2', '0'],
      ['Volet de synthèse médicale (VSM)', '1', '1'],
    ]);
    const days = within(screen.getByTestId('day-table')).getAllByRole('row').slice(1);
    expect(days).toHaveLength(31);
    expect([...days[13]!.children].map((c) => c.textContent)).toEqual([
      '2025-03-14',
      '0',
      '2',
      '1',
      '1',
      '0',
    ]);
    // Each chart has a caption saying its totals (the canvas is hidden from screen readers).
    expect(screen.getByTestId('chart-deposits').textContent).toContain(
      '3 dépôt(s), 2 consultation(s) sur le mois',
    );
    expect(
      screen.getByTestId('chart-deposits').querySelector('.chart-box')!.getAttribute('aria-hidden'),
    ).toBe('true');
  });

  it('undoes and redoes any event from the journal', async () => {
    await renderReport();
    const journal = screen.getByTestId('journal');
    expect(within(journal).getAllByRole('row')).toHaveLength(1 + 9);
    const row = journal.querySelector('tr[data-event="seed-000003"]')!;
    expect(row.textContent).toContain('annulé');
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: /^Rétablir/ }));
    await waitFor(() => expect(figure('report-uploads')).toBe('4'));
    expect(sendMessage).toHaveBeenCalledWith({ type: 'redo', id: 'seed-000003' });
    const first = screen.getByTestId('journal').querySelector('tr[data-event="seed-000001"]') as HTMLElement;
    fireEvent.click(within(first).getByRole('button', { name: /^Annuler/ }));
    await waitFor(() => expect(figure('report-uploads')).toBe('3'));
    expect(sendMessage).toHaveBeenCalledWith({ type: 'undo', id: 'seed-000001' });
    expect(
      screen.getAllByRole('status').some((s) => s.textContent === 'Annulé : Dépôt DMP (CR de consultation)'),
    ).toBe(true);
  });

  it('exports the two CSVs of the month, Excel France by default, then standard', async () => {
    await renderReport();
    fireEvent.click(screen.getByTestId('export-both'));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads.map((d) => d.name)).toEqual([
      'suivi-dmp_synthese_2025-03.csv',
      'suivi-dmp_journal_2025-03.csv',
    ]);
    const synthese = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await downloads[0]!.blob.arrayBuffer(),
    );
    expect(synthese.startsWith('\uFEFFdate;consultations;')).toBe(true);
    expect(synthese.split('\r\n')).toHaveLength(1 + 31 + 1);
    expect(synthese).toContain('\r\n2025-03-14;0;0;2;1;1;0;0;0;0;0,0;0,0;;0;0;0\r\n');
    expect(downloads[1]!.blob.type).toContain('text/csv');

    fireEvent.click(screen.getByRole('radio', { name: /^Standard/ }));
    fireEvent.click(screen.getByTestId('export-synthese'));
    await waitFor(() => expect(downloads).toHaveLength(3));
    const standard = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await downloads[2]!.blob.arrayBuffer(),
    );
    expect(standard.startsWith('date,consultations,')).toBe(true);
  });

  it('changes month with the picker and the arrows (not past the current month)', async () => {
    await renderReport();
    const next = screen.getByRole('button', { name: 'Mois suivant' }) as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Mois précédent' }));
    await screen.findByRole('heading', { name: 'Bilan de février 2025' });
    await waitFor(() => expect(figure('report-uploads')).toBe('1'));
    fireEvent.change(screen.getByTestId('month-select'), { target: { value: '2025-03' } });
    await waitFor(() => expect(figure('report-uploads')).toBe('3'));
  });

  it('#export=YYYY-MM opens that month on the export panel, focused', async () => {
    location.hash = '#export=2025-02';
    await renderReport();
    await waitFor(() => expect(document.activeElement?.id).toBe('export-title'));
    expect(document.activeElement?.textContent).toBe('Exporter février 2025');
  });

  it('reminds to export last month; "Plus tard" hides it for that month', async () => {
    await renderReport();
    const banner = await screen.findByTestId('export-reminder');
    expect(banner.textContent).toContain('Le mois de février 2025 est terminé');
    fireEvent.click(within(banner).getByRole('button', { name: 'Plus tard' }));
    await waitFor(() => expect(screen.queryByTestId('export-reminder')).toBeNull());
    expect((await fakeBrowser.storage.local.get(EXPORT_REMINDER_KEY))[EXPORT_REMINDER_KEY]).toBe('2025-02');
  });

  it('no reminder when the setting is off', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { exportReminder: false } });
    await renderReport();
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('export-reminder')).toBeNull();
  });
});

describe('classRows', () => {
  it('counts deposits and failures by class, leaves undone events out, marks required classes', () => {
    const rows = classRows(SEED, builtinProfile('in-force')!, '2025-03-14');
    expect(rows.map((r) => [r.docClass, r.deposits, r.failures])).toEqual([
      ['11488-4', 2, 0],
      ['11502-2', 1, 0],
      ['VSM', 1, 1],
    ]);
    expect(rows.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1);
  });
});

describe('BackupPanel', () => {
  function chooseFile(text: string, name = 'sauvegarde.json') {
    const input = screen.getByTestId('restore-file') as HTMLInputElement;
    const file = new File([text], name, { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
  }

  it('downloads a backup that parses back', async () => {
    render(<BackupPanel />);
    fireEvent.click(screen.getByTestId('backup-download'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toBe('suivi-dmp_sauvegarde_2025-03-14.json');
    const backup = JSON.parse(await downloads[0]!.blob.text());
    expect(backup).toMatchObject({ format: 'suivi-dmp-backup', version: 1, profileId: 'in-force' });
    expect(backup.events).toHaveLength(SEED.length);
  });

  it('refuses a hostile file with a French reason, sending nothing', async () => {
    render(<BackupPanel />);
    const hostile = serializeBackup(
      buildBackup({ events: [], spans: [], settings: {}, sites: [], taughtRules: [], profileId: 'in-force' }),
    ).replace('"settings":{}', '"settings":{"__proto__":{"x":1}}');
    chooseFile(hostile);
    await waitFor(() =>
      expect(screen.getByTestId('backup-status').textContent).toMatch(
        /^Restauration refusée, rien n'a été changé\. .*clé interdite/,
      ),
    );
    expect(screen.getByTestId('backup-status').getAttribute('role')).toBe('alert');
    expect(screen.queryByTestId('restore-confirm')).toBeNull();
    expect(sendMessage.mock.calls.filter((c) => c[0].type === 'restore_apply')).toHaveLength(0);
  });

  it('shows what a restore will change, per mode, and applies it through the background', async () => {
    render(<BackupPanel />);
    const extra = makeEvent({
      id: 'other-browser-1',
      kind: 'dmp_consult',
      at: NOW.getTime(),
      site: 'dmp-web',
      source: 'auto',
    });
    chooseFile(
      serializeBackup(
        buildBackup({
          events: [SEED[0]!, extra],
          spans: [],
          settings: {},
          sites: [],
          taughtRules: [],
          profileId: 'in-force',
        }),
      ),
    );
    const summary = await screen.findByTestId('restore-summary');
    expect(summary.textContent).toContain('Événements1 ajouté(s), 0 modifié(s), 0 supprimé(s)');
    fireEvent.click(screen.getByRole('radio', { name: /^Remplacer/ }));
    await waitFor(() =>
      expect(screen.getByTestId('restore-summary').textContent).toContain(
        `1 ajouté(s), 0 modifié(s), ${SEED.length - 1} supprimé(s)`,
      ),
    );
    fireEvent.click(screen.getByRole('radio', { name: /^Fusionner/ }));
    await waitFor(() =>
      expect(screen.getByTestId('restore-summary').textContent).toContain(
        '1 ajouté(s), 0 modifié(s), 0 supprimé(s)',
      ),
    );
    fireEvent.click(screen.getByTestId('restore-confirm'));
    await waitFor(() =>
      expect(screen.getByTestId('backup-status').textContent).toBe('Sauvegarde restaurée.'),
    );
    expect(sendMessage).toHaveBeenCalledWith({
      type: 'restore_apply',
      text: expect.any(String),
      mode: 'merge',
    });
    expect((await db.getAll('events')).map((e) => e.id)).toContain('other-browser-1');
    expect(await db.count('events')).toBe(SEED.length + 1);
  });
});

describe('EraseData', () => {
  it('asks for the typed word before erasing everything', async () => {
    render(<EraseData />);
    fireEvent.click(screen.getByTestId('erase-open'));
    const confirm = screen.getByTestId('erase-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText(/tapez EFFACER/), { target: { value: 'effacer' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(screen.getByTestId('erase-status').textContent).toBe('Toutes les données ont été effacées.'),
    );
    expect(await db.count('events')).toBe(0);
  });

  it('Cancel closes the confirmation without sending anything', () => {
    render(<EraseData />);
    fireEvent.click(screen.getByTestId('erase-open'));
    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByTestId('erase-confirm')).toBeNull();
    expect(sendMessage.mock.calls.filter((c) => c[0].type === 'erase_all')).toHaveLength(0);
  });
});

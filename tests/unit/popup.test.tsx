// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp } from '@/components/popup/PopupApp';
import { openSuiviDb, putEvent, type SuiviDb } from '@/lib/storage/db';
import { makeEvent, type DmpEvent } from '@/lib/domain/events';
import type { Request as Message } from '@/lib/messaging/protocol';
import type { EventReply as Reply } from '@/lib/messaging/replies';
import { testBackground } from '../support/background';

const NOW = new Date(2025, 2, 14, 10, 30);
let seq = 0;
function ev(day: number, month: number, fields: Partial<DmpEvent> & Pick<DmpEvent, 'kind'>): DmpEvent {
  seq += 1;
  return makeEvent({
    id: `seed-${String(seq).padStart(6, '0')}`,
    at: new Date(2025, month - 1, day, 9, seq).getTime(),
    site: 'dmp-web',
    source: 'auto',
    ...fields,
  });
}

const SEED: DmpEvent[] = [
  // Today.
  ev(14, 3, { kind: 'dmp_upload', docClass: '11488-4' }),
  ev(14, 3, { kind: 'dmp_upload', docClass: 'VSM' }),
  ev(14, 3, { kind: 'dmp_upload', docClass: 'VSM', undone: true }),
  ev(14, 3, { kind: 'dmp_upload_failed', docClass: 'VSM' }),
  ev(14, 3, { kind: 'dmp_consult' }),
  // Earlier this month.
  ev(1, 3, { kind: 'dmp_upload', docClass: '11488-4' }),
  ev(3, 3, { kind: 'dmp_upload_failed', docClass: '11502-2' }),
  ev(3, 3, { kind: 'dmp_consult' }),
  ev(13, 3, { kind: 'dmp_consult' }),
  // Last month: not shown.
  ev(28, 2, { kind: 'dmp_upload', docClass: '11502-2' }),
  ev(28, 2, { kind: 'dmp_consult' }),
];

let db: SuiviDb;
let recorder: ReturnType<typeof testBackground>;
let sendMessage: MockInstance<(message: Message) => Promise<unknown>>;

beforeEach(async () => {
  // Only the clock is faked: IndexedDB still needs real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  db = await openSuiviDb();
  for (const event of SEED) await putEvent(db, event);
  recorder = testBackground({ db, now: Date.now });
  // The fake browser's sendMessage ignores promise-returning listeners: answer as the background would.
  sendMessage = vi
    .spyOn(
      fakeBrowser.runtime as unknown as { sendMessage: (message: Message) => Promise<unknown> },
      'sendMessage',
    )
    .mockImplementation((message) =>
      message.type.startsWith('timer_')
        ? Promise.resolve({ ok: true, timerStartedAt: null })
        : recorder.deps.handle(message, { channel: 'extension' }),
    );
});
afterEach(() => {
  db.close();
  vi.useRealTimers();
});

const figure = (id: string) =>
  (screen.getByTestId(id).querySelector('dd') ?? screen.getByTestId(id).querySelector('span'))?.textContent;
/** What the popup asked of the background, less the timer's state read at opening. */
const sent = (): Message[] =>
  sendMessage.mock.calls.map((c) => c[0]).filter((m) => !m.type.startsWith('timer_'));

async function renderPopup() {
  render(<PopupApp />);
  await screen.findByTestId('today-uploads');
}

describe('PopupApp', () => {
  it('says it is loading first', () => {
    render(<PopupApp />);
    expect(screen.getByText('Chargement…')).toBeTruthy();
  });

  it("shows today's and this month's deposits, failures and reads", async () => {
    await renderPopup();
    expect(screen.getByRole('heading', { name: "Aujourd'hui" })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Ce mois-ci' })).toBeTruthy();
    expect(within(screen.getByTestId('today-uploads')).getByText('Dépôts DMP')).toBeTruthy();
    expect(figure('today-uploads')).toBe('2');
    expect(figure('today-failures')).toBe('1');
    expect(figure('today-reads')).toBe('1');
    expect(figure('month-uploads')).toBe('3');
    expect(figure('month-failures')).toBe('2');
    expect(figure('month-reads')).toBe('3');
  });

  it('shows deposits by document class, today and this month', async () => {
    await renderPopup();
    const table = screen.getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ['CR de consultation', '1', '2'],
      ['Volet de synthèse médicale (VSM)', '1', '1'],
    ]);
    expect(rows.map((r) => r.getAttribute('data-class'))).toEqual(['11488-4', 'VSM']);
  });

  it('says so when there is no deposit this month', async () => {
    // The day summaries are the events' cache: clearing the events by hand clears them too.
    await db.clear('events');
    await db.clear('days');
    await renderPopup();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('Aucun dépôt ce mois-ci.')).toBeTruthy();
    expect(figure('month-uploads')).toBe('0');
  });

  it('"+1 dépôt" sends add_manual with the chosen class and shows the new count', async () => {
    await renderPopup();
    fireEvent.change(screen.getByRole('combobox', { name: 'Type de document' }), {
      target: { value: 'VSM' },
    });
    fireEvent.click(screen.getByRole('button', { name: '+1 dépôt' }));

    await waitFor(() => expect(figure('today-uploads')).toBe('3'));
    expect(sent()).toEqual([
      {
        type: 'add_manual',
        id: expect.stringMatching(/^[A-Za-z0-9:_-]{8,80}$/),
        kind: 'dmp_upload',
        docClass: 'VSM',
      },
    ]);
    expect(figure('month-uploads')).toBe('4');
    expect(screen.getByRole('status').textContent).toBe(
      'Ajouté : Dépôt DMP (Volet de synthèse médicale (VSM))',
    );
  });

  it('"+1 lecture" sends a manual read', async () => {
    await renderPopup();
    fireEvent.click(screen.getByRole('button', { name: '+1 lecture' }));
    await waitFor(() => expect(figure('today-reads')).toBe('2'));
    expect(sent()).toEqual([{ type: 'add_manual', id: expect.any(String), kind: 'dmp_consult' }]);
  });

  it('each click is a new entry with its own id', async () => {
    await renderPopup();
    const button = screen.getByRole('button', { name: '+1 dépôt' });
    fireEvent.click(button);
    await waitFor(() => expect(figure('today-uploads')).toBe('3'));
    fireEvent.click(button);
    await waitFor(() => expect(figure('today-uploads')).toBe('4'));
    const ids = sent().map((m) => (m.type === 'add_manual' ? m.id : ''));
    expect(new Set(ids).size).toBe(2);
  });

  it('"Annuler le dernier" sends undo_last and says what was undone', async () => {
    await renderPopup();
    fireEvent.click(screen.getByRole('button', { name: 'Annuler le dernier' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Annulé : Lecture DMP'));
    expect(sent()).toEqual([{ type: 'undo_last' }]);
    await waitFor(() => expect(figure('today-reads')).toBe('0'));
    expect(figure('month-reads')).toBe('2');
  });

  it('shows a storage error in words the user can act on', async () => {
    await renderPopup();
    sendMessage.mockResolvedValueOnce({ ok: false, error: 'storage_full' } satisfies Reply);
    fireEvent.click(screen.getByRole('button', { name: '+1 dépôt' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Espace de stockage plein/));
    expect(screen.getByRole('status').className).toContain('error');
    expect(figure('today-uploads')).toBe('2');
  });

  it('a background that does not answer is reported, not thrown', async () => {
    await renderPopup();
    sendMessage.mockRejectedValueOnce(new Error('Could not establish connection'));
    fireEvent.click(screen.getByRole('button', { name: '+1 dépôt' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        "Échec de l'enregistrement : rien n'a été modifié.",
      ),
    );
  });
});

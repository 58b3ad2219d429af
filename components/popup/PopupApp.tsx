import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { eventsBetweenDays, openSuiviDb } from '@/lib/db';
import { DOC_CLASSES, type DocClass } from '@/lib/doc-classes';
import { localDay, monthBounds } from '@/lib/events';
import type { Message } from '@/lib/messages';
import type { CountedEvent, Reply } from '@/lib/recorder';
import { summarizeTodayAndMonth, type DaySummaries, type PeriodSummary } from '@/lib/summary';
import { docClassLabel, errorLabel, kindLabel, t } from '../i18n';

async function loadSummaries(): Promise<DaySummaries> {
  const today = localDay(Date.now());
  const db = await openSuiviDb();
  try {
    const events = await eventsBetweenDays(db, monthBounds(today).first, today);
    return summarizeTodayAndMonth(events, today);
  } finally {
    db.close();
  }
}

async function send(message: Message): Promise<Reply> {
  try {
    return (await browser.runtime.sendMessage(message)) as Reply;
  } catch {
    return { ok: false, error: 'unreachable' };
  }
}

function describe(event: CountedEvent): string {
  return event.docClass ? `${kindLabel(event.kind)} (${docClassLabel(event.docClass)})` : kindLabel(event.kind);
}

function describeAdded(reply: Extract<Reply, { ok: true }>): string {
  const added = reply.counted?.[0];
  return added ? t('addedWhat', describe(added)) : '';
}

function Figures({ title, summary, id }: { title: string; summary: PeriodSummary; id: string }) {
  const rows: Array<[string, number, string]> = [
    [t('deposits'), summary.counts.dmp_upload, 'uploads'],
    [t('failures'), summary.counts.dmp_upload_failed, 'failures'],
    [t('reads'), summary.counts.dmp_consult, 'reads'],
  ];
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <dl class="figures">
        {rows.map(([label, value, key]) => (
          <div class={`figure ${key}`} data-testid={`${id}-${key}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ByClass({ summaries }: { summaries: DaySummaries }) {
  const classes = DOC_CLASSES.filter((c) => summaries.month.uploadsByClass[c]);
  return (
    <section class="card" aria-labelledby="by-class-title">
      <h2 id="by-class-title">{t('byClass')}</h2>
      {classes.length === 0 ? (
        <p class="muted">{t('noDeposits')}</p>
      ) : (
        <table class="by-class">
          <thead>
            <tr>
              <th scope="col">{t('docType')}</th>
              <th scope="col">{t('today')}</th>
              <th scope="col">{t('thisMonth')}</th>
            </tr>
          </thead>
          <tbody>
            {classes.map((c) => (
              <tr data-class={c}>
                <th scope="row">{docClassLabel(c)}</th>
                <td>{summaries.today.uploadsByClass[c] ?? 0}</td>
                <td>{summaries.month.uploadsByClass[c] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The glance: today's and this month's deposits, failures and reads, a manual entry, undo. */
export function PopupApp() {
  const [summaries, setSummaries] = useState<DaySummaries | null>(null);
  const [docClass, setDocClass] = useState<DocClass>('11488-4');
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  const refresh = () => loadSummaries().then(setSummaries);
  useEffect(() => void refresh(), []);

  const act = async (message: Message, describeOk: (reply: Extract<Reply, { ok: true }>) => string) => {
    const reply = await send(message);
    setStatus(reply.ok ? { text: describeOk(reply), error: false } : { text: errorLabel(reply.error), error: true });
    await refresh();
  };

  if (!summaries) return <p class="muted">{t('loading')}</p>;
  return (
    <main>
      <header>
        <h1>{t('extName')}</h1>
      </header>
      <Figures title={t('today')} summary={summaries.today} id="today" />
      <Figures title={t('thisMonth')} summary={summaries.month} id="month" />
      <ByClass summaries={summaries} />
      <section class="card" aria-labelledby="manual-title">
        <h2 id="manual-title">{t('manualTitle')}</h2>
        <label class="field">
          <span>{t('docType')}</span>
          <select value={docClass} onChange={(e) => setDocClass((e.currentTarget as HTMLSelectElement).value as DocClass)}>
            {DOC_CLASSES.map((c) => (
              <option value={c}>{docClassLabel(c)}</option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button
            type="button"
            class="primary"
            onClick={() =>
              act({ type: 'add_manual', id: crypto.randomUUID(), kind: 'dmp_upload', docClass }, describeAdded)
            }
          >
            {t('addDeposit')}
          </button>
          <button
            type="button"
            onClick={() =>
              act({ type: 'add_manual', id: crypto.randomUUID(), kind: 'dmp_consult' }, describeAdded)
            }
          >
            {t('addRead')}
          </button>
          <button type="button" onClick={() => act({ type: 'undo_last' }, (r) => (r.event ? t('undoneWhat', describe(r.event)) : t('nothingToUndo')))}>
            {t('undoLast')}
          </button>
        </div>
        <p class={status?.error ? 'status error' : 'status'} role="status" aria-live="polite">
          {status?.text ?? ''}
        </p>
      </section>
      <footer class="muted">{t('privacyNote')}</footer>
    </main>
  );
}

import { useState } from 'preact/hooks';
import {
  BackupBuildError,
  backupFilename,
  buildBackup,
  planRestore,
  serializeBackup,
  type RestoreMode,
} from '@/lib/domain/backup';
import { parseExtensionBackup, summarizePlan, type RestoreSummary } from '@/lib/domain/backup-extension';
import { readBackupState } from '@/lib/storage/backup-state';
import { sendMessage } from '@/lib/messaging/client';
import { openSuiviDb } from '@/lib/storage/db';
import { settingsItem } from '@/lib/storage/items';
import { problemText, t } from '../i18n';
import { downloadText } from './download';
import { notifyDataChanged } from './month-data';

async function currentState() {
  const [db, settings] = await Promise.all([openSuiviDb(), settingsItem.get()]);
  try {
    return await readBackupState(db, settings);
  } finally {
    db.close();
  }
}

/** "+3 · 1 modifié(s) · −2" for one store of a restore summary. */
function storeLine(counts: RestoreSummary['events']): string {
  return t('restoreCounts', [String(counts.added), String(counts.updated), String(counts.removed)]);
}

export function RestoreSummaryView({ summary }: { summary: RestoreSummary }) {
  if (summary.noChange) return <p data-testid="restore-summary">{t('restoreNoChange')}</p>;
  return (
    <dl class="restore-summary" data-testid="restore-summary">
      <div>
        <dt>{t('restoreEvents')}</dt>
        <dd>{storeLine(summary.events)}</dd>
      </div>
      <div>
        <dt>{t('restoreSpans')}</dt>
        <dd>{storeLine(summary.spans)}</dd>
      </div>
      <div>
        <dt>{t('restoreSites')}</dt>
        <dd>{storeLine(summary.sites)}</dd>
      </div>
      <div>
        <dt>{t('restoreRules')}</dt>
        <dd>{storeLine(summary.taughtRules)}</dd>
      </div>
      <div>
        <dt>{t('restoreSettings')}</dt>
        <dd>
          {summary.settingsChanged || summary.profileChanged
            ? t('restoreSettingsChanged')
            : t('restoreSettingsSame')}
        </dd>
      </div>
    </dl>
  );
}

interface Pending {
  name: string;
  text: string;
}

/**
 * Backup (a JSON file of everything) and restore: the file is checked whole, the change is
 * shown, and only a confirmed restore is sent to the background, which checks the file again
 * and writes it in one transaction, or not at all.
 */
export function BackupPanel() {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [mode, setMode] = useState<RestoreMode>('merge');
  const [summary, setSummary] = useState<RestoreSummary | null>(null);
  const [busy, setBusy] = useState(false);

  const download = async () => {
    try {
      const backup = buildBackup(await currentState());
      downloadText(backupFilename(), serializeBackup(backup), 'application/json');
      setStatus({ text: t('backupDone', backupFilename()), error: false });
    } catch (error) {
      setStatus({
        text: t(
          'backupFailed',
          error instanceof BackupBuildError
            ? problemText(error.problem)
            : error instanceof Error
              ? error.message
              : String(error),
        ),
        error: true,
      });
    }
  };

  const preview = async (text: string, chosen: RestoreMode) => {
    const parsed = parseExtensionBackup(text);
    if (!parsed.ok) {
      setSummary(null);
      setPending(null);
      setStatus({ text: t('restoreRefused', problemText(parsed.problem)), error: true });
      return;
    }
    setSummary(summarizePlan(planRestore(await currentState(), parsed.backup, chosen)));
  };

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setStatus(null);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setStatus({ text: t('restoreUnreadable'), error: true });
      return;
    }
    setPending({ name: file.name, text });
    await preview(text, mode);
  };

  const changeMode = async (next: RestoreMode) => {
    setMode(next);
    if (pending) await preview(pending.text, next);
  };

  const apply = async () => {
    if (!pending) return;
    setBusy(true);
    const reply = await sendMessage('restore_apply', { text: pending.text, mode });
    setBusy(false);
    setPending(null);
    setSummary(null);
    if (reply.ok) {
      setStatus({ text: t('restoreDone'), error: false });
      notifyDataChanged();
    } else {
      // A refusal for the user carries a problem; the background not reached gets a generic
      // sentence; other refusals (no reply...) show their reason.
      const why =
        'problem' in reply && reply.problem
          ? problemText(reply.problem)
          : reply.error === 'unreachable'
            ? t('error_generic')
            : reply.error;
      setStatus({ text: t('restoreRefused', why), error: true });
    }
  };

  return (
    <div class="backup">
      <p>{t('backupIntro')}</p>
      <div class="actions-row">
        <button type="button" class="primary" data-testid="backup-download" onClick={() => void download()}>
          {t('backupDownload')}
        </button>
      </div>
      <h3>{t('restoreTitle')}</h3>
      <p class="muted">{t('restoreIntro')}</p>
      <label class="file-pick">
        <span>{t('restoreChoose')}</span>{' '}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="restore-file"
          onChange={(e) => void choose(e.currentTarget)}
        />
      </label>
      {pending && summary && (
        <div class="restore-preview" role="group" aria-labelledby="restore-preview-title">
          <h4 id="restore-preview-title">{t('restorePreview', pending.name)}</h4>
          <fieldset class="dialects">
            <legend>{t('restoreModeLegend')}</legend>
            <label class="choice">
              <input
                type="radio"
                name="restore-mode"
                value="merge"
                checked={mode === 'merge'}
                onChange={() => void changeMode('merge')}
              />
              <span>
                <strong>{t('restoreMerge')}</strong> <span class="muted">{t('restoreMergeHint')}</span>
              </span>
            </label>
            <label class="choice">
              <input
                type="radio"
                name="restore-mode"
                value="replace"
                checked={mode === 'replace'}
                onChange={() => void changeMode('replace')}
              />
              <span>
                <strong>{t('restoreReplace')}</strong> <span class="muted">{t('restoreReplaceHint')}</span>
              </span>
            </label>
          </fieldset>
          <RestoreSummaryView summary={summary} />
          <div class="actions-row">
            <button
              type="button"
              class="primary"
              data-testid="restore-confirm"
              disabled={busy || summary.noChange}
              onClick={() => void apply()}
            >
              {t('restoreConfirm')}
            </button>
            <button
              type="button"
              onClick={() => {
                setPending(null);
                setSummary(null);
              }}
            >
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      <p
        class={status?.error ? 'status error' : 'status'}
        role={status?.error ? 'alert' : 'status'}
        data-testid="backup-status"
      >
        {status?.text ?? ''}
      </p>
    </div>
  );
}

import { useState } from 'preact/hooks';
import { diagnosticFileName } from '@/lib/domain/diagnostic';
import { sendMessage } from '@/lib/messaging/client';
import { errorLabel, t } from '../i18n';
import { downloadText } from './download';

/**
 * "Exporter un diagnostic": a small JSON file, made by the background, that tells whoever
 * keeps the adapters how each rule fared on this computer (docs/diagnostic.md). It holds no
 * patient data; the doctor decides whether to send it, by their own means.
 */
export function DiagnosticPanel() {
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    const reply = await sendMessage('diagnostic_get', {});
    if (!reply.ok) {
      setError(errorLabel(reply.code ?? reply.error));
      return;
    }
    setError(null);
    downloadText(
      diagnosticFileName(reply.diagnostic),
      `${JSON.stringify(reply.diagnostic, null, 2)}\n`,
      'application/json',
    );
  };
  return (
    <div class="diagnostic">
      <p>{t('diagnosticIntro')}</p>
      <p class="muted">{t('diagnosticPrivacy')}</p>
      <div class="actions-row">
        <button type="button" data-testid="diagnostic-download" onClick={() => void download()}>
          {t('diagnosticDownload')}
        </button>
      </div>
      <p class={error ? 'status error' : 'status'} role={error ? 'alert' : 'status'}>
        {error ?? ''}
      </p>
    </div>
  );
}

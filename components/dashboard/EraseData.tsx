import { useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging/client';
import { problemText, t } from '../i18n';
import { notifyDataChanged } from './month-data';

/** A failure's text: the background's own sentence, or a generic one when it was not reached. */
function failureText(error: string): string {
  return error === 'unreachable' ? t('error_generic') : error;
}

/** "Erase all my data": typed confirmation (a word), then the background empties everything. */
export function EraseData() {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const word = t('eraseWord');
  const matches = typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();

  const erase = async (e: Event) => {
    e.preventDefault();
    if (!matches) return;
    const reply = await sendMessage('erase_all');
    setOpen(false);
    setTyped('');
    setStatus(
      reply.ok
        ? { text: t('eraseDone'), error: false }
        : {
            text: 'problem' in reply && reply.problem ? problemText(reply.problem) : failureText(reply.error),
            error: true,
          },
    );
    if (reply.ok) notifyDataChanged();
  };

  return (
    <div class="erase">
      <p>{t('eraseIntro')}</p>
      {!open ? (
        <button
          type="button"
          class="danger"
          data-testid="erase-open"
          onClick={() => {
            setOpen(true);
            setStatus(null);
            setTimeout(() => input.current?.focus(), 0);
          }}
        >
          {t('eraseButton')}
        </button>
      ) : (
        <form
          class="erase-confirm"
          onSubmit={(e) => void erase(e)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              setTyped('');
            }
          }}
        >
          <label>
            {t('eraseTypeWord', word)}{' '}
            <input
              ref={input}
              type="text"
              autocomplete="off"
              value={typed}
              data-testid="erase-word"
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
          </label>
          <div class="actions-row">
            <button type="submit" class="danger" disabled={!matches} data-testid="erase-confirm">
              {t('eraseConfirm')}
            </button>
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setTyped('');
              }}
            >
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      <p class={status?.error ? 'status error' : 'status'} role="status" data-testid="erase-status">
        {status?.text ?? ''}
      </p>
    </div>
  );
}

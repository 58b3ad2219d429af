import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendMessage } from '@/lib/messaging/client';
import type { CountedEvent, EventReply } from '@/lib/messaging/replies';
import { applySettingsChange } from '@/lib/domain/settings';
import { settingsItem } from '@/lib/storage/items';
import { docClassLabel, errorLabel, kindLabel, t } from '../i18n';
import { ByClass } from './ByClass';
import { ManualCard, type ManualAction } from './ManualCard';
import { MonthCard } from './MonthCard';
import { TodayCard } from './TodayCard';
import { usePopupData, type PopupData } from './usePopupData';
import { ExportReminder } from '../ExportReminder';

function describe(event: CountedEvent): string {
  return event.docClass
    ? `${kindLabel(event.kind)} (${docClassLabel(event.docClass)})`
    : kindLabel(event.kind);
}

/** A "+1" as the protocol carries it: its fields but the type. */
function entry({ type: _type, ...fields }: Extract<ManualAction, { type: 'add_manual' }>) {
  return fields;
}

function describeReply(action: ManualAction, reply: Extract<EventReply, { ok: true }>): string {
  if (action.type === 'undo_last')
    return reply.event ? t('undoneWhat', describe(reply.event)) : t('nothingToUndo');
  const added = reply.counted?.[0];
  return added ? t('addedWhat', describe(added)) : '';
}

/** Starts the button picker on the active tab's page (a watched practice-program page). */
async function startPicker(): Promise<boolean> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return false;
  try {
    await browser.tabs.sendMessage(tab.id, { type: 'start_picker' }, { frameId: 0 });
    return true;
  } catch {
    return false; // no content script there: not a watched site
  }
}

const openDashboard = (hash = '') =>
  void browser.tabs.create({ url: browser.runtime.getURL(`/dashboard.html${hash}`) });

/** The glance: today, this month against the chosen obligation, time spent, manual entries. */
export function PopupApp({ first }: { first?: Promise<PopupData> } = {}) {
  const { data, refresh } = usePopupData(first);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  // Undefined until the doctor starts or stops the timer here: until then, the stored value.
  const [timerChangedTo, setTimerStartedAt] = useState<number | null | undefined>(undefined);

  const act = async (action: ManualAction) => {
    const reply =
      action.type === 'undo_last'
        ? await sendMessage('undo_last')
        : await sendMessage('add_manual', entry(action));
    setStatus(
      reply.ok
        ? { text: describeReply(action, reply), error: false }
        : { text: errorLabel(reply.error), error: true },
    );
    await refresh();
  };
  const timer = async (start: boolean) => {
    const reply = await sendMessage(start ? 'timer_start' : 'timer_stop');
    if (!reply.ok) return setStatus({ text: errorLabel(reply.error), error: true });
    setTimerStartedAt(reply.timerStartedAt ?? null);
    await refresh();
  };
  const chooseProfile = async (profileId: string) => {
    if (!data) return;
    const change = applySettingsChange(data.settings, { profileId });
    if (!change.ok) return setStatus({ text: change.reason, error: true });
    // Written from the popup for now (README, data contract), checked whole just above.
    await settingsItem.set(change.settings);
    await refresh();
  };

  if (!data) return <p class="muted">{t('loading')}</p>;
  const timerStartedAt = timerChangedTo === undefined ? data.timerStartedAt : timerChangedTo;
  return (
    <main>
      <header class="top">
        <h1>{t('extName')}</h1>
        <nav class="links">
          <button type="button" class="link" onClick={() => openDashboard()}>
            {t('openDashboard')}
          </button>
          <button type="button" class="link" onClick={() => openDashboard('#export')}>
            {t('exportMonth')}
          </button>
          <button
            type="button"
            class="link"
            onClick={async () => {
              if (await startPicker()) window.close();
              else setStatus({ text: t('teachNotHere'), error: true });
            }}
          >
            {t('teachButton')}
          </button>
        </nav>
      </header>
      <ExportReminder onExport={(month) => openDashboard(`#export=${month}`)} />
      <TodayCard today={data.model.today} />
      <MonthCard month={data.model.month} profile={data.model.profile} onProfile={chooseProfile} />
      <ManualCard timerStartedAt={timerStartedAt} onAct={act} onTimer={timer} status={status} />
      <ByClass model={data.model} />
      <footer class="muted">{t('privacyNote')}</footer>
    </main>
  );
}

import { whatsNewItem } from '@/lib/storage/items';
import { t } from './i18n';

/**
 * Whether an update opens its "what changed" note: on that note (welcome page) and in the
 * dashboard's settings, the same switch. Writes its own key (it is not a counting setting).
 */
export function WhatsNewSwitch({ on, onChanged }: { on: boolean; onChanged: (on: boolean) => void }) {
  return (
    <label class="inline">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => {
          const next = (e.currentTarget as HTMLInputElement).checked;
          void whatsNewItem.set(next).then(() => onChanged(next));
        }}
      />{' '}
      {t('firstRunWhatsNewSetting')}
    </label>
  );
}

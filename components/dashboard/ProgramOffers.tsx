import { useEffect, useState } from 'preact/hooks';
import type { SiteRecord } from '@/lib/domain/rules';
import { SITE_OFFERS } from '@/lib/sites/offers';
import { listSites } from '@/lib/storage/rule-store';
import { t } from '../i18n';
import { addSiteFromClick } from './add-site';
import { readDb } from './dashboard-data';

export interface ProgramOffersProps {
  /** The sites already added, when the caller has them; read here otherwise. */
  sites?: readonly SiteRecord[];
  /** Called after a site was added (the caller refreshes its own list). */
  onAdded?: () => void;
}

/**
 * Ameli Pro and the common web practice programs, each added in one click: the browser asks
 * for that host's access then, never before. Used in the dashboard's "Sites suivis" and meant
 * for the first-run page. A program whose host no public source shows is listed with a word
 * saying to type its address.
 */
export function ProgramOffers({ sites, onAdded }: ProgramOffersProps) {
  const [own, setOwn] = useState<readonly SiteRecord[]>([]);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const refresh = () => readDb(listSites).then(setOwn);
  useEffect(() => {
    if (!sites) void refresh();
  }, [sites]);
  const added = new Set((sites ?? own).filter((s) => s.host && s.enabled).map((s) => s.host!));

  return (
    <section class="offers" aria-labelledby="offers-title">
      <h3 id="offers-title">{t('offersTitle')}</h3>
      <p class="muted">{t('offersIntro')}</p>
      <ul class="offer-list">
        {SITE_OFFERS.map((o) => (
          <li data-offer={o.id}>
            <span class="offer-name">{o.name}</span>{' '}
            <span class="muted">
              {o.host ? `(${o.host})` : t('offerNoHost')} ·{' '}
              {o.detection === 'sick-leave' ? t('offerSickLeave') : t('offerGeneric')}
            </span>{' '}
            {o.host &&
              (added.has(o.host) ? (
                <span class="offer-added">{t('offerAdded')}</span>
              ) : (
                <button
                  type="button"
                  aria-label={t('offerAddLabel', o.name)}
                  onClick={async () => {
                    setStatus(await addSiteFromClick(o.host!));
                    if (!sites) await refresh();
                    onAdded?.();
                  }}
                >
                  {t('offerAdd')}
                </button>
              ))}
          </li>
        ))}
      </ul>
      <p class={status?.error ? 'status error' : 'status'} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
    </section>
  );
}

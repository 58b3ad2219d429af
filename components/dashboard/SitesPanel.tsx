import { useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import { HostSchema, safetyNetRules, type Adapter, type SiteRecord } from '@/lib/domain/rules';
import { sendMessage } from '@/lib/messaging/client';
import { listSites } from '@/lib/storage/rule-store';
import { builtinAdapter, PROGRAM_SITES } from '@/lib/sites';
import { t } from '../i18n';
import { readDb } from './dashboard-data';
import { addSiteFromClick } from './add-site';
import { ProgramOffers } from './ProgramOffers';
import { RuleHealthList } from './RuleHealthList';

/** What the user typed, as a host name: a full address is accepted, only its host is kept. */
export function hostFromInput(input: string): string | null {
  const trimmed = input.trim().toLowerCase();
  if (!trimmed) return null;
  let host: string;
  try {
    host = new URL(/^[a-z]+:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`).hostname;
  } catch {
    return null;
  }
  return v.safeParse(HostSchema, host).success ? host : null;
}

/**
 * Sites: the built-in practice programs (each can be turned off) and the sites the user added
 * (SiteAddForm). Removing undoes the addition: the script, the access and the taught rules.
 */
/** A built-in program's rules and, behind them, its safety net (what its pages run). */
function withSafetyNet(builtin: Adapter): Adapter {
  return { ...builtin, rules: [...builtin.rules, ...safetyNetRules(builtin, builtinAdapter('generic')!)] };
}

export function SitesPanel() {
  const [sites, setSites] = useState<SiteRecord[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const refresh = () => readDb(listSites).then(setSites);
  useEffect(() => void refresh(), []);

  const builtins = PROGRAM_SITES.map((id) => ({
    id,
    enabled: sites.find((s) => s.id === id)?.enabled ?? true,
  }));
  const custom = sites.filter((s) => s.host);
  return (
    <div class="sites">
      <p class="muted">{t('sitesIntro')}</p>
      <ul class="site-list">
        {builtins.map((b) => (
          <li data-site={b.id}>
            <label>
              <input
                type="checkbox"
                checked={b.enabled}
                onChange={async (e) => {
                  await sendMessage('site_toggle', {
                    id: b.id,
                    enabled: (e.currentTarget as HTMLInputElement).checked,
                  });
                  await refresh();
                }}
              />{' '}
              {b.id === 'weda' ? 'Weda (secure.weda.fr)' : b.id}{' '}
              <span class="muted">· {t('siteBuiltin')}</span>
            </label>
            {builtinAdapter(b.id) && (
              <RuleHealthList site={b.id} adapter={withSafetyNet(builtinAdapter(b.id)!)} />
            )}
          </li>
        ))}
        {custom.map((s) => (
          <li data-site={s.id}>
            <span>{s.host}</span> <RuleHealthList site={s.id} adapter={builtinAdapter('generic')!} />
            <button
              type="button"
              onClick={async () => {
                await sendMessage('site_remove', { id: s.id });
                setStatus(t('siteRemoved', s.host!));
                await refresh();
              }}
            >
              {t('siteRemove')}
            </button>
          </li>
        ))}
      </ul>
      <ProgramOffers sites={sites} onAdded={() => void refresh()} />
      <SiteAddForm onAdded={() => void refresh()} removedText={status} />
    </div>
  );
}

/**
 * Adding a site: the browser asks for that host's access, from the click itself (browsers
 * require a user gesture), then the background registers the content script for it. The one
 * add-a-site flow, in the dashboard and on the welcome page; `initialHost` pre-fills it (the
 * program a practice's policy proposes).
 */
export function SiteAddForm({
  onAdded,
  initialHost = '',
  removedText = null,
}: {
  onAdded?: (host: string) => void;
  initialHost?: string;
  /** A status from the list above (a site removed), shown in the same live region. */
  removedText?: string | null;
}) {
  const [input, setInput] = useState(initialHost);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => setInput(initialHost), [initialHost]);
  useEffect(() => {
    if (removedText) setStatus({ text: removedText, error: false });
  }, [removedText]);

  const add = async (e: Event) => {
    e.preventDefault();
    const host = hostFromInput(input);
    if (!host) {
      setStatus({ text: t('siteHostInvalid'), error: true });
      return;
    }
    // First thing in the gesture: the browser shows its own prompt for this host only.
    const result = await addSiteFromClick(host);
    setStatus(result);
    if (!result.error) {
      setInput('');
      onAdded?.(host);
    }
  };

  return (
    <>
      <form class="site-add" onSubmit={add}>
        <label>
          <span>{t('siteHostLabel')}</span>{' '}
          <input
            name="host"
            value={input}
            placeholder="logiciel.exemple.fr"
            onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="submit" class="primary">
          {t('siteAdd')}
        </button>
      </form>
      <p class={status?.error ? 'status error' : 'status'} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
    </>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { notesBetween } from '@/lib/domain/changelog';
import type { ManagedSettings } from '@/lib/domain/managed';
import { BUILTIN_PROFILES } from '@/lib/domain/obligations';
import { RELEASE_NOTES } from '@/lib/domain/release-notes';
import { applySettingsChange, type Settings } from '@/lib/domain/settings';
import { DMP_WEB_HOSTS } from '@/lib/sites/dmp-web-pages';
import { PROGRAM_HOSTS } from '@/lib/sites';
import { listSites } from '@/lib/storage/rule-store';
import { readManagedSettings, settingsItem, whatsNewItem } from '@/lib/storage/items';
import { ProgramOffers } from '../dashboard/ProgramOffers';
import { SiteAddForm } from '../dashboard/SitesPanel';
import { readDb } from '../dashboard/dashboard-data';
import { formatDay, uiLang } from '../format';
import { t } from '../i18n';
import { ManagedProblem } from '../ManagedProblem';
import { WhatsNewSwitch } from '../WhatsNewSwitch';

const openDashboard = () => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });

/** The version an update came from (`#whats-new=0.1.0`), or null on the welcome itself. */
export function updatedFrom(hash: string): string | null {
  const m = /^#whats-new=(\d+\.\d+\.\d+)$/.exec(hash);
  return m ? m[1]! : null;
}

/** The keys the browser has for a command now (the doctor may have changed them), or none. */
function useShortcuts(): Record<string, string> {
  const [keys, setKeys] = useState<Record<string, string>>({});
  useEffect(() => {
    void Promise.resolve()
      .then(() => browser.commands.getAll())
      .then((all) => setKeys(Object.fromEntries(all.map((c) => [c.name ?? '', c.shortcut ?? '']))))
      .catch(() => setKeys({}));
  }, []);
  return keys;
}

/** "What changed" after an update: the doctor's notes since the version before, and the switch. */
function WhatsNew({ from }: { from: string }) {
  const lang = uiLang();
  const notes = notesBetween(RELEASE_NOTES, from, browser.runtime.getManifest().version);
  const [on, setOn] = useState(true);
  useEffect(() => void whatsNewItem.get().then(setOn), []);
  return (
    <section class="card" aria-labelledby="whats-new-title" data-testid="whats-new">
      <h2 id="whats-new-title">{t('firstRunWhatsNewTitle')}</h2>
      {notes.map((n) => (
        <div>
          <h3>{t('firstRunWhatsNewVersion', [n.version, formatDay(n.date)])}</h3>
          <ul>
            {n[lang].map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </div>
      ))}
      <WhatsNewSwitch on={on} onChanged={setOn} />
      <p>
        <a href="/welcome.html">{t('firstRunWhatsNewAll')}</a>
      </p>
    </section>
  );
}

/** The obligation profile the month is measured against; the dashboard has the details. */
function ProfileChoice({ managed }: { managed: ManagedSettings }) {
  const lang = uiLang();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => void settingsItem.get().then(setSettings), []);
  if (!settings) return <p class="muted">{t('loading')}</p>;
  const choose = async (profileId: string) => {
    const change = applySettingsChange(settings, { profileId });
    if (!change.ok) return setStatus({ text: t('settingsInvalid', change.reason), error: true });
    // Written from this page, as from the popup: checked whole just above (README, data contract).
    await settingsItem.set(change.settings);
    setSettings(change.settings);
    setStatus({ text: t('firstRunProfileSaved'), error: false });
  };
  return (
    <fieldset class="profiles">
      <legend>{t('firstRunProfileTitle')}</legend>
      <p class="muted">{t('firstRunProfileIntro')}</p>
      {BUILTIN_PROFILES.filter((p) => p.id !== 'custom' || settings.profileId === 'custom').map((p) => (
        <label class="profile-choice">
          <input
            type="radio"
            name="profile"
            value={p.id}
            checked={settings.profileId === p.id}
            onChange={() => void choose(p.id)}
          />{' '}
          <span>
            <strong>{p.label[lang]}</strong>
            <span class="muted"> · {t(`status_${p.status}`)}</span>
            {managed.profileId === p.id && <span class="badge"> {t('firstRunManagedNote')}</span>}
          </span>
        </label>
      ))}
      <p class={status?.error ? 'status error' : 'status'} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
    </fieldset>
  );
}

/**
 * The sites watched, and adding the doctor's own program with the dashboard's flow
 * (SiteAddForm). `extra` is the place for more offers (suggested programs, other adapters).
 */
function SitesSection({ managed }: { managed: ManagedSettings }) {
  const [added, setAdded] = useState<string[]>([]);
  const refresh = () =>
    readDb(listSites).then((sites) => setAdded(sites.flatMap((s) => (s.host ? [s.host] : []))));
  useEffect(() => void refresh(), []);
  const proposed = managed.programHost && !added.includes(managed.programHost) ? managed.programHost : '';
  return (
    <section class="card" aria-labelledby="sites-title">
      <h2 id="sites-title">{t('firstRunSitesTitle')}</h2>
      <ul class="site-list" data-testid="welcome-sites">
        <li>{t('firstRunSiteDmp', DMP_WEB_HOSTS.join(', '))}</li>
        <li>{t('firstRunSiteWeda', PROGRAM_HOSTS.weda.join(', '))}</li>
        {added.map((host) => (
          <li data-site={`custom:${host}`}>{t('firstRunSiteYours', host)}</li>
        ))}
      </ul>
      <ProgramOffers onAdded={() => void refresh()} />
      <h3>{t('firstRunAddTitle')}</h3>
      <p class="muted">{t('firstRunAddIntro')}</p>
      {proposed && (
        <p data-testid="managed-program">
          <span class="badge">{t('firstRunManagedNote')}</span> {t('firstRunManagedProgram', proposed)}
        </p>
      )}
      <SiteAddForm initialHost={proposed} onAdded={() => void refresh()} />
    </section>
  );
}

/**
 * The page opened once on install (and, after an update, with what changed): what is counted,
 * what never is, the obligation profile, the sites, where things are. Everything on it can be
 * skipped; everything is changed later in the dashboard. No network: all of it is in the build.
 */
export function WelcomeApp() {
  const [managed, setManaged] = useState<ManagedSettings>({});
  const [from, setFrom] = useState(() => updatedFrom(location.hash));
  const keys = useShortcuts();
  useEffect(() => {
    void readManagedSettings().then((r) => setManaged(r.ok ? r.managed : {}));
    const onHash = () => setFrom(updatedFrom(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const key = (name: string) => keys[name] || t('firstRunShortcutNone');
  // The tab itself is removed: window.close() is refused to a tab the page did not open.
  const close = () =>
    void browser.tabs
      .getCurrent()
      .then((tab) => (tab?.id !== undefined ? browser.tabs.remove(tab.id) : window.close()))
      .catch(() => window.close());

  return (
    <main class="welcome">
      <header class="welcome-head">
        <h1>{from ? t('extName') : t('firstRunTitle')}</h1>
        <button type="button" class="link" onClick={close}>
          {t('firstRunSkip')}
        </button>
      </header>
      <ManagedProblem />
      {from ? (
        <WhatsNew from={from} />
      ) : (
        <>
          <p class="lead">{t('firstRunLead')}</p>
          <div class="two-cols">
            <section class="card" aria-labelledby="counted-title">
              <h2 id="counted-title">{t('firstRunCountedTitle')}</h2>
              <ul>
                <li>{t('firstRunCounted1')}</li>
                <li>{t('firstRunCounted2')}</li>
                <li>{t('firstRunCounted3')}</li>
              </ul>
            </section>
            <section class="card" aria-labelledby="never-title">
              <h2 id="never-title">{t('firstRunNeverTitle')}</h2>
              <ul>
                <li>{t('firstRunNever1')}</li>
                <li>{t('firstRunNever2')}</li>
              </ul>
              <p class="promise">{t('firstRunPromise')}</p>
            </section>
          </div>
          <section class="card">
            <ProfileChoice managed={managed} />
          </section>
          <SitesSection managed={managed} />
          <section class="card" aria-labelledby="where-title">
            <h2 id="where-title">{t('firstRunWhereTitle')}</h2>
            <ul>
              <li>
                {t(
                  'firstRunWherePopup',
                  keys._execute_action || keys._execute_browser_action || t('firstRunShortcutNone'),
                )}
              </li>
              <li>{t('firstRunWhereAdd', key('add-deposit'))}</li>
              <li>{t('firstRunWhereExport')}</li>
            </ul>
            <p class="muted">{t('firstRunShortcutsChange')}</p>
          </section>
        </>
      )}
      <footer class="welcome-foot">
        <button type="button" onClick={openDashboard}>
          {t('firstRunOpenDashboard')}
        </button>
        <button type="button" class="primary" onClick={close}>
          {t('firstRunDone')}
        </button>
      </footer>
    </main>
  );
}

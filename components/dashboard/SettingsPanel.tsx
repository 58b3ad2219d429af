import { useEffect, useState } from 'preact/hooks';
import { defaultHourlyValue } from '@/lib/domain/time-value';
import { DOC_CLASSES, type DocClass } from '@/lib/domain/doc-classes';
import { COSTLY_KINDS, type CostlyKind } from '@/lib/domain/costly-acts';
import {
  BUILTIN_PROFILES,
  costlyActsOf,
  customProfileFrom,
  parseProfile,
  resolveProfile,
  type ObligationProfile,
} from '@/lib/domain/obligations';
import {
  applySettingsChange,
  IDLE_THRESHOLD_MAX_S,
  IDLE_THRESHOLD_MIN_S,
  type Settings,
} from '@/lib/domain/settings';
import { settingsItem, whatsNewItem } from '@/lib/storage/items';
import { ManagedProblem } from '../ManagedProblem';
import { WhatsNewSwitch } from '../WhatsNewSwitch';
import { formatDay, formatEur, uiLang } from '../format';
import { docClassLabel, t } from '../i18n';

async function loadSettings(): Promise<Settings> {
  return settingsItem.get();
}

/** Saves a change only if the whole result is valid; returns the reason otherwise. */
async function saveChange(
  current: Settings,
  change: Partial<Settings>,
): Promise<{ settings?: Settings; error?: string }> {
  const result = applySettingsChange(current, change);
  if (!result.ok) return { error: result.reason };
  // Written from the dashboard for now (README, data contract).
  await settingsItem.set(result.settings);
  return { settings: result.settings };
}

function ProfileDetails({ profile }: { profile: ObligationProfile }) {
  const lang = uiLang();
  return (
    <div class="profile-details">
      {profile.censure && <p class="censure">{profile.censure[lang]}</p>}
      <p>{profile.note[lang]}</p>
      <p>
        {profile.fine
          ? t('fineRules', [
              formatEur(profile.fine.perFailureEur),
              formatEur(profile.fine.capPerYearEur),
              formatDay(profile.fine.appliesFrom),
            ])
          : t('fineNone')}
      </p>
      <p data-testid="costly-list">
        {t(
          'costlyListShown',
          costlyActsOf(profile)
            .map((k) => t(`costlyKind_${k}`))
            .join(', ') || t('costlyListNone'),
        )}
      </p>
      {profile.sources.length > 0 && (
        <ul class="sources">
          {profile.sources.map((s) => (
            <li>
              {s.label}
              {s.date ? ` (${s.date})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The user's own profile: required classes, target, fine and start date, all editable. */
function CustomProfileEditor({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: (s: Settings, message: string) => void;
}) {
  const base =
    settings.customProfile ??
    customProfileFrom(resolveProfile(settings.profileId === 'custom' ? 'in-force' : settings.profileId));
  const [classes, setClasses] = useState<Set<DocClass>>(
    new Set(base.requiredClasses.flatMap((p) => p.items.flatMap((i) => i.classes))),
  );
  const [target, setTarget] = useState(String(Math.round(base.targetRate * 100)));
  const [withFine, setWithFine] = useState(base.fine !== null);
  const [perFailure, setPerFailure] = useState(String(base.fine?.perFailureEur ?? 2500));
  const [cap, setCap] = useState(String(base.fine?.capPerYearEur ?? 10000));
  const [from, setFrom] = useState(base.fine?.appliesFrom ?? '2028-07-01');
  const [consult, setConsult] = useState(base.consultBeforeCostlyActs);
  const [costly, setCostly] = useState<Set<CostlyKind>>(new Set(costlyActsOf(base)));
  const [error, setError] = useState('');

  const save = async (event: Event) => {
    event.preventDefault();
    const draft: ObligationProfile = {
      ...customProfileFrom(base),
      requiredClasses: [
        {
          from: null,
          items: [
            {
              label: { fr: 'Documents choisis', en: 'Chosen documents' },
              classes: DOC_CLASSES.filter((c) => classes.has(c)),
            },
          ],
        },
      ],
      targetRate: Number(target) / 100,
      fine: withFine
        ? { perFailureEur: Number(perFailure), capPerYearEur: Number(cap), appliesFrom: from }
        : null,
      consultBeforeCostlyActs: consult,
      costlyActs: COSTLY_KINDS.filter((k) => costly.has(k)),
    };
    const parsed = parseProfile(draft, { custom: true });
    if (!parsed.ok) return setError(t('customInvalid', parsed.reason));
    const saved = await saveChange(settings, { customProfile: parsed.profile, profileId: 'custom' });
    if (saved.error) return setError(t('customInvalid', saved.error));
    setError('');
    onSaved(saved.settings!, t('customSaved'));
  };

  return (
    <form class="custom-profile" onSubmit={save} aria-labelledby="custom-title">
      <h3 id="custom-title">{t('customTitle')}</h3>
      <fieldset>
        <legend>{t('customClasses')}</legend>
        <div class="class-grid">
          {DOC_CLASSES.map((c) => (
            <label>
              <input
                type="checkbox"
                checked={classes.has(c)}
                onChange={(e) => {
                  const next = new Set(classes);
                  if ((e.currentTarget as HTMLInputElement).checked) next.add(c);
                  else next.delete(c);
                  setClasses(next);
                }}
              />{' '}
              {docClassLabel(c)}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="form-row">
        <label>
          {t('customTarget')}
          <input
            type="number"
            min="0"
            max="100"
            step="1"
            value={target}
            onInput={(e) => setTarget((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="inline">
          <input
            type="checkbox"
            checked={consult}
            onChange={(e) => setConsult((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('customConsult')}
        </label>
      </div>
      <fieldset>
        <legend>{t('costlyListLegend')}</legend>
        <p class="muted">{t('costlyListHint')}</p>
        <div class="class-grid">
          {COSTLY_KINDS.map((k) => (
            <label>
              <input
                type="checkbox"
                data-costly={k}
                checked={costly.has(k)}
                onChange={(e) => {
                  const next = new Set(costly);
                  if ((e.currentTarget as HTMLInputElement).checked) next.add(k);
                  else next.delete(k);
                  setCostly(next);
                }}
              />{' '}
              {t(`costlyKind_${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="form-row">
        <label class="inline">
          <input
            type="checkbox"
            checked={withFine}
            onChange={(e) => setWithFine((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('customWithFine')}
        </label>
        {withFine && (
          <>
            <label>
              {t('customPerFailure')}
              <input
                type="number"
                min="0"
                step="1"
                value={perFailure}
                onInput={(e) => setPerFailure((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <label>
              {t('customCap')}
              <input
                type="number"
                min="0"
                step="1"
                value={cap}
                onInput={(e) => setCap((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <label>
              {t('customFrom')}
              <input
                type="date"
                value={from}
                onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
          </>
        )}
      </div>
      <button type="submit" class="primary">
        {t('customSave')}
      </button>
      {error && (
        <p class="status error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Whether an update opens its "what changed" note, once its value is read. */
function WhatsNewSetting() {
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => void whatsNewItem.get().then(setOn), []);
  return on === null ? null : <WhatsNewSwitch on={on} onChanged={setOn} />;
}

/** Obligation profile, value of the doctor's time, idle threshold, reminder. */
export function SettingsPanel() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => void loadSettings().then(setSettings), []);
  if (!settings) return <p class="muted">{t('loading')}</p>;
  const lang = uiLang();
  const chosen = resolveProfile(settings.profileId, settings.customProfile);

  const change = async (patch: Partial<Settings>) => {
    const saved = await saveChange(settings, patch);
    if (saved.error) return setStatus({ text: t('settingsInvalid', saved.error), error: true });
    setSettings(saved.settings!);
    setStatus({ text: t('settingsSaved'), error: false });
  };
  const numberInput = (
    key: 'consultationFeeEur' | 'consultationMinutes' | 'idleThresholdS',
    min: number,
    max: number,
  ) => (
    <input
      type="number"
      min={min}
      max={max}
      step="1"
      value={settings[key]}
      onChange={(e) => void change({ [key]: Number((e.currentTarget as HTMLInputElement).value) })}
    />
  );

  return (
    <div class="settings">
      <ManagedProblem />
      <fieldset class="profiles">
        <legend>{t('profileLabel')}</legend>
        {BUILTIN_PROFILES.map((p) => (
          <label class="profile-choice">
            <input
              type="radio"
              name="profile"
              value={p.id}
              checked={settings.profileId === p.id}
              onChange={() => void change({ profileId: p.id as Settings['profileId'] })}
            />
            <span>
              <strong>
                {p.id === 'custom' && settings.customProfile
                  ? settings.customProfile.label[lang]
                  : p.label[lang]}
              </strong>
              <span class="muted"> · {t(`status_${p.status}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <ProfileDetails profile={chosen} />
      <CustomProfileEditor
        settings={settings}
        onSaved={(s, text) => {
          setSettings(s);
          setStatus({ text, error: false });
        }}
      />
      <fieldset>
        <legend>{t('timeValueTitle')}</legend>
        <div class="form-row">
          <label>
            {t('consultationFee')}
            {numberInput('consultationFeeEur', 0, 1000)}
          </label>
          <label>
            {t('consultationLength')}
            {numberInput('consultationMinutes', 1, 240)}
          </label>
          <p class="muted" data-testid="hourly-value">
            {t(
              'hourlyValue',
              formatEur(defaultHourlyValue(settings.consultationFeeEur, settings.consultationMinutes)),
            )}
          </p>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('idleTitle')}</legend>
        <label>
          {t('idleThreshold')}
          {numberInput('idleThresholdS', IDLE_THRESHOLD_MIN_S, IDLE_THRESHOLD_MAX_S)}
        </label>
        <label class="inline">
          <input
            type="checkbox"
            checked={settings.exportReminder}
            onChange={(e) => void change({ exportReminder: (e.currentTarget as HTMLInputElement).checked })}
          />{' '}
          {t('exportReminderSetting')}
        </label>
        <WhatsNewSetting />
      </fieldset>
      <p class={status?.error ? 'status error' : 'status'} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
    </div>
  );
}

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  COSTLY_KINDS,
  CostlyKindsSchema,
  costlyPattern,
  DEFAULT_COSTLY_KINDS,
  isCostlyLabel,
} from '@/lib/domain/costly-acts';
import {
  BUILTIN_PROFILES,
  costlyActsOf,
  customProfileFrom,
  parseProfile,
  resolveProfile,
} from '@/lib/domain/obligations';
import { readSettings } from '@/lib/domain/settings';
import { engineFixture, trustedClick } from '../support/engine-fixture';
import { builtinAdapter } from '@/lib/sites';

describe('what counts as a costly act', () => {
  it('names CT, MRI and PET the way request labels do, and nothing else', () => {
    const all = COSTLY_KINDS;
    const yes: Array<[string, string]> = [
      ['Scanner thoracique', 'ct'],
      ['Angioscanner des membres inférieurs', 'ct'],
      ['TDM abdomino-pelvienne', 'ct'],
      ['Tomodensitométrie cérébrale', 'ct'],
      ['IRM du rachis lombaire', 'mri'],
      ['Arthro-IRM de l’épaule', 'mri'],
      ['Imagerie par résonance magnétique', 'mri'],
      ['TEP-scanner', 'pet'],
      ['PET-CT au FDG', 'pet'],
      ['Tomographie par émission de positons', 'pet'],
      ['Scintigraphie osseuse', 'scintigraphy'],
    ];
    for (const [label, kind] of yes) {
      expect(isCostlyLabel(label, all), label).toBe(true);
      expect(isCostlyLabel(label, [kind as (typeof all)[number]]), `${label} as ${kind}`).toBe(true);
    }
    for (const label of [
      'Radiographie du thorax',
      'Échographie abdominale',
      'Mammographie',
      'NFS plaquettes',
      'Imagerie',
      'Demande confirmée',
      'Étape suivante',
      'Carpet',
    ])
      expect(isCostlyLabel(label, all), label).toBe(false);
    // A kind off the list does not count; an empty list counts nothing.
    expect(isCostlyLabel('Scanner thoracique', ['mri', 'pet'])).toBe(false);
    expect(costlyPattern([])).toBeNull();
    expect(isCostlyLabel('Scanner thoracique', [])).toBe(false);
  });

  it('lives in the obligation profile: the default list when a profile has none, the edited one otherwise', () => {
    expect(DEFAULT_COSTLY_KINDS).toEqual(['ct', 'mri', 'pet']);
    for (const p of BUILTIN_PROFILES) expect(costlyActsOf(p)).toEqual(DEFAULT_COSTLY_KINDS);
    const custom = { ...customProfileFrom(resolveProfile('plfss-2026')), costlyActs: ['mri' as const] };
    expect(parseProfile(custom, { custom: true }).ok).toBe(true);
    expect(costlyActsOf(custom)).toEqual(['mri']);
    expect(parseProfile({ ...custom, costlyActs: ['mri', 'mri'] }, { custom: true }).ok).toBe(false);
    expect(parseProfile({ ...custom, costlyActs: ['radio'] }, { custom: true }).ok).toBe(false);
    expect(v.is(CostlyKindsSchema, [])).toBe(true);
  });

  it('reads settings stored before the list existed (version 1) unchanged: no migration is needed', () => {
    // A custom profile as the dashboard saved it before: no `costlyActs` field.
    const { costlyActs: _none, ...before } = customProfileFrom(resolveProfile('in-force'));
    const stored = { profileId: 'custom', customProfile: before, consultationFeeEur: 30 };
    const settings = readSettings(stored);
    expect(settings.customProfile).toEqual(before);
    expect(costlyActsOf(resolveProfile(settings.profileId, settings.customProfile))).toEqual(
      DEFAULT_COSTLY_KINDS,
    );
    // And one saved with the list keeps it.
    const edited = readSettings({ ...stored, customProfile: { ...before, costlyActs: ['pet'] } });
    expect(costlyActsOf(resolveProfile(edited.profileId, edited.customProfile))).toEqual(['pet']);
  });
});

describe("Weda's costly imaging request in the engine", () => {
  const fixture = engineFixture();

  function requestPage(imaging: boolean): void {
    history.replaceState({}, '', '/FolderMedical/DemandeForm.aspx?PatDk=1');
    const bold = ' style="color:Red;font-weight:bold;"';
    document.body.innerHTML = `<div id="ContentPlaceHolder1_UpdatePanelBaseGlossaireUCForm1">
      <span id="ContentPlaceHolder1_BaseGlossaireUCForm1_LabelILAnalyses"${imaging ? '' : bold}>Biologie</span>
      <span id="ContentPlaceHolder1_BaseGlossaireUCForm1_LabelILRadio"${imaging ? bold : ''}>Imagerie</span>
      <table><tr><td><a href="#" id="radio">Radiographie du thorax</a></td><td><a href="#" id="scanner">Scanner thoracique</a></td><td><a href="#" id="irm">IRM lombaire</a></td></tr></table></div>
      <textarea>Scanner demandé pour DUPONTEL</textarea>
      <div id="ContentPlaceHolder1_MenuPrint"><a id="print" class="popout-dynamic level2" href="#" onclick="__doPostBack('ctl00$ContentPlaceHolder1$MenuPrint','b1');return false;">Ordonnance standard</a>
      <a id="mss" class="level3" href="#" onclick="__doPostBack('ctl00$ContentPlaceHolder1$MenuPrint','mss');return false;">Envoyer</a></div>`;
  }

  /** Starts the engine with Weda's rules; answers the costly request's outcomes so far. */
  function run(costly?: string | null) {
    const { reports } = fixture.start(
      [builtinAdapter('weda')!],
      costly !== undefined ? { costlyPattern: costly } : {},
    );
    return () =>
      reports.flatMap((r) =>
        r.type === 'attempt' && r.ruleId === 'costly-imaging-request' ? [`${r.outcome}`] : [],
      );
  }

  const click = (id: string) => trustedClick(document.getElementById(id)!);

  it('counts a CT chosen in the imaging type list once the request is printed', () => {
    requestPage(true);
    const outcomes = run();
    click('radio');
    expect(outcomes()).toEqual([]);
    click('scanner');
    expect(outcomes()).toEqual(['pending']);
    // The secure-mail item is not a print.
    click('mss');
    expect(outcomes()).toEqual(['pending']);
    click('print');
    expect(outcomes()).toEqual(['pending', 'confirmed']);
  });

  it('not while the biology kind is chosen, nor on the request text', () => {
    requestPage(false);
    const outcomes = run();
    click('scanner');
    click('print');
    expect(outcomes()).toEqual([]);
  });

  it("follows the profile's list: MRI only, or nothing at all", () => {
    requestPage(true);
    let outcomes = run(costlyPattern(['mri']));
    click('scanner');
    expect(outcomes()).toEqual([]);
    click('irm');
    expect(outcomes()).toEqual(['pending']);
    fixture.current().stop();
    outcomes = run(null);
    click('irm');
    click('scanner');
    expect(outcomes()).toEqual([]);
  });
});

describe('the background tells a practice-program page what counts', () => {
  it("sends the chosen profile's list with the page's hello", async () => {
    const { openSuiviDb } = await import('@/lib/storage/db');
    const { EventService } = await import('@/lib/background/event-service');
    const { ProgramService } = await import('@/lib/background/program-service');
    const { memoryCarried, memoryEncounters } = await import('../support/background');
    const db = await openSuiviDb();
    const encounters = memoryEncounters();
    let settings = readSettings({});
    const service = new ProgramService({
      db,
      events: new EventService({ db, encounters, now: Date.now, push: () => undefined }),
      encounters,
      carried: memoryCarried(),
      now: Date.now,
      registerSite: async () => undefined,
      unregisterSite: async () => undefined,
      push: () => undefined,
      settings: async () => settings,
      log: () => undefined,
      onChange: () => undefined,
    });
    const from = { channel: 'program', tabId: 1, site: 'weda', host: 'secure.weda.fr' } as const;
    const hello = () => service.hello({ type: 'engine_hello', site: 'weda', topFrame: true }, from);
    expect(await hello()).toMatchObject({ ok: true, costlyActs: ['ct', 'mri', 'pet'] });
    settings = readSettings({
      profileId: 'custom',
      customProfile: { ...customProfileFrom(resolveProfile('in-force')), costlyActs: ['scintigraphy'] },
    });
    expect(await hello()).toMatchObject({ ok: true, costlyActs: ['scintigraphy'] });
    db.close();
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  buildDiagnostic,
  diagnosticFileName,
  DiagnosticSchema,
  fingerprint,
  DIAGNOSTIC_FORMAT,
  type DiagnosticInput,
} from '@/lib/domain/diagnostic';
import {
  EMPTY_HEALTH,
  noteRule,
  noteSiteSeen,
  noteTimeout,
  type HealthRecord,
} from '@/lib/domain/rule-health';
import { makeUnconfirmed } from '@/lib/domain/unconfirmed';
import { DEFAULT_SETTINGS } from '@/lib/domain/settings';
import { controlSignals } from '@/lib/content/engine/selector';
import { RuleEngine, type AttemptReport, type EngineReport } from '@/lib/content/engine/runtime';
import { loadAdapters } from '@/lib/domain/rules';
import { BUILTIN_ADAPTERS, builtinAdapter } from '@/lib/sites';
import { ProgramService } from '@/lib/background/program-service';
import { EventService } from '@/lib/background/event-service';
import type { CarriedRecord } from '@/lib/background/carried-store';
import type { HealthStore } from '@/lib/background/rule-health-store';
import { openSuiviDb } from '@/lib/storage/db';
import { listUnconfirmed } from '@/lib/storage/rule-store';
import { FAKE_FILE_NAMES, FAKE_PATIENTS, FAKE_TITLES, sensitiveStrings } from '../fixtures/fake-patients';
import { memoryEncounters } from '../support/background';

const T0 = new Date(2026, 2, 10, 9, 30).getTime();
const DAY = 24 * 3600 * 1000;

function input(fields: Partial<DiagnosticInput> = {}): DiagnosticInput {
  return {
    now: T0,
    extensionVersion: '0.1.0',
    browser: 'chrome',
    settings: DEFAULT_SETTINGS,
    health: EMPTY_HEALTH,
    unconfirmed: [],
    sites: [],
    taught: [],
    adapters: BUILTIN_ADAPTERS,
    ...fields,
  };
}

describe('rule health counters', () => {
  it('counts matches, confirmations, failures, time-outs and cancellations per rule, since the first', () => {
    let h: HealthRecord = EMPTY_HEALTH;
    for (const outcome of [
      'pending',
      'confirmed',
      'pending',
      'failed',
      'pending',
      'unconfirmed',
      'pending',
      'cancelled',
    ])
      h = noteRule(h, 'weda', 'share-panel-send', outcome, T0);
    h = noteRule(h, 'weda', 'sick-leave', 'counted', T0 + DAY);
    h = noteTimeout(h, 'weda', 'share-panel-send', T0 + 2 * DAY);
    expect(h.rules['weda/share-panel-send']!.counts).toEqual({
      matches: 4,
      confirmations: 1,
      failures: 1,
      timeouts: 2,
      cancellations: 1,
      since: T0,
    });
    // A rule with no confirmation step: its match counted is its confirmation.
    expect(h.rules['weda/sick-leave']!.counts).toMatchObject({
      matches: 1,
      confirmations: 1,
      since: T0 + DAY,
    });
    // A time-out filed by the background is not a match: the last match stays when it was.
    expect(h.rules['weda/share-panel-send']!.matchedAt).toBe(T0);
  });
});

describe('the diagnostic builder', () => {
  it('gives, per rule, its figures and state, with days only, and validates against its schema', () => {
    let health = noteSiteSeen(EMPTY_HEALTH, 'weda', T0);
    health = noteRule(health, 'weda', 'share-panel-send', 'pending', T0 - 3 * DAY);
    health = noteRule(health, 'weda', 'share-panel-send', 'unconfirmed', T0 - 3 * DAY + 60_000);
    health = noteRule(health, 'custom:lgc.example.fr', 'deposit-in-dmp-panel', 'pending', T0);
    health = noteRule(health, 'custom:lgc.example.fr', 'deposit-in-dmp-panel', 'confirmed', T0);
    // A key some older build wrote in another shape is left out.
    health = { ...health, rules: { ...health.rules, 'Bad Key': { matchedAt: T0 } } };
    const d = buildDiagnostic(
      input({
        health,
        sites: [
          { id: 'custom:lgc.example.fr', host: 'lgc.example.fr', enabled: true, addedAt: T0 - 10 * DAY },
          { id: 'weda', enabled: false, addedAt: T0 - DAY },
        ],
      }),
    );
    expect(v.is(DiagnosticSchema, d)).toBe(true);
    expect(d).toMatchObject({
      format: DIAGNOSTIC_FORMAT,
      extensionVersion: '0.1.0',
      browser: 'chrome',
      madeOn: '2026-03-10',
      settings: {
        profileId: DEFAULT_SETTINGS.profileId,
        costlyActs: ['ct', 'mri', 'pet'],
        sites: [{ host: 'lgc.example.fr', enabled: true, addedOn: '2026-02-28' }],
        builtinsOff: ['weda'],
      },
      sitesSeen: [{ site: 'weda', lastSeenOn: '2026-03-10' }],
    });
    expect(d.rules).toEqual([
      {
        site: 'custom:lgc.example.fr',
        ruleId: 'deposit-in-dmp-panel',
        origin: 'builtin',
        event: 'dmp_upload',
        matches: 1,
        confirmations: 1,
        failures: 0,
        timeouts: 0,
        cancellations: 0,
        countingSince: '2026-03-10',
        lastMatchedOn: '2026-03-10',
        lastConfirmedOn: '2026-03-10',
        state: 'ok',
      },
      {
        site: 'weda',
        ruleId: 'share-panel-send',
        origin: 'builtin',
        event: 'dmp_upload',
        matches: 1,
        confirmations: 0,
        failures: 0,
        timeouts: 1,
        cancellations: 0,
        countingSince: '2026-03-07',
        lastMatchedOn: '2026-03-07',
        state: 'unconfirmed',
      },
    ]);
    // Each built-in adapter with its rule ids and a fingerprint that follows its rules.
    const weda = d.adapters.find((a) => a.id === 'weda')!;
    expect(weda.ruleIds).toContain('share-panel-send');
    expect(weda.fingerprint).toBe(fingerprint(JSON.stringify(builtinAdapter('weda')!.rules)));
    expect(fingerprint('a')).not.toBe(fingerprint('b'));
    expect(diagnosticFileName(d)).toBe('suivi-dmp-diagnostic-2026-03-10.json');

    // A catch of the safety net behind Weda: its own origin, and the state the dashboard shows.
    const caught = noteRule(EMPTY_HEALTH, 'weda', 'net-deposit-own-label', 'confirmed', T0);
    const net = buildDiagnostic(input({ health: caught })).rules;
    expect(net).toEqual([
      expect.objectContaining({
        site: 'weda',
        ruleId: 'net-deposit-own-label',
        origin: 'safety-net',
        event: 'dmp_upload',
        state: 'caught',
      }),
    ]);
    // Times never go finer than the day.
    expect(JSON.stringify(d)).not.toMatch(/\d{10,}|T\d\d:/);
  });

  it('lists unconfirmed attempts, latest first, with their control and the day only', () => {
    const control = { selector: 'button#envoyer', chain: [{ tag: 'button', id: 'envoyer' }] };
    const unconfirmed = [
      makeUnconfirmed({
        id: 'attempt-0001',
        at: T0 - DAY,
        site: 'weda',
        ruleId: 'share-panel-send',
        kind: 'dmp_upload',
        source: 'auto',
      }),
      makeUnconfirmed({
        id: 'attempt-0002',
        at: T0,
        site: 'weda',
        ruleId: 'share-panel-send',
        kind: 'dmp_upload',
        source: 'auto',
        docClass: '11488-4',
        encounter: 'enc-00000001',
        control,
      }),
    ];
    const d = buildDiagnostic(input({ unconfirmed }));
    expect(d.unconfirmed).toEqual([
      {
        day: '2026-03-10',
        site: 'weda',
        ruleId: 'share-panel-send',
        kind: 'dmp_upload',
        source: 'auto',
        docClass: '11488-4',
        control,
      },
      { day: '2026-03-09', site: 'weda', ruleId: 'share-panel-send', kind: 'dmp_upload', source: 'auto' },
    ]);
    // Ids of attempts and consultations are not needed to fix a rule: they stay home.
    expect(JSON.stringify(d)).not.toMatch(/attempt-000|enc-0000/);
  });

  it('names taught rules by id, host, event and selector, never by the name the user gave', () => {
    const d = buildDiagnostic(
      input({
        taught: [
          {
            id: 'taught-0a1b2c3d-aaaa',
            host: 'lgc.example.fr',
            name: 'Envoi DUPONTEL',
            event: 'costly_act',
            selector: 'button[data-action="irm"]',
            text: '^\\s*IRM\\s*$',
            createdAt: T0,
          },
        ],
      }),
    );
    expect(d.taught).toEqual([
      {
        id: 'taught-0a1b2c3d-aaaa',
        host: 'lgc.example.fr',
        event: 'costly_act',
        selector: 'button[data-action="irm"]',
        confirmedByText: false,
        createdOn: '2026-03-10',
      },
    ]);
    expect(JSON.stringify(d)).not.toContain('DUPONTEL');
  });
});

describe("the clicked control's signals", () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  /** A page full of a fake patient's data, in text and in attributes that may carry text. */
  function patientPage(): void {
    const p = FAKE_PATIENTS[0]!;
    document.body.innerHTML = `<div id="dossier" class="patient-view" data-patient="${p.ins}">
      <h1>${p.lastName} ${p.firstName} né(e) le ${p.birthDate}</h1>
      <section role="region" aria-label="Dossier de ${p.lastName}" class="panelDmp">
        <span>${FAKE_TITLES[0]}</span><span>${FAKE_FILE_NAMES[0]}</span>
        <div class="actions ng-star-inserted">
          <button type="button" class="btn btn-dmp" title="Envoyer ${FAKE_TITLES[0]}" aria-label="Envoyer ${p.lastName}" value="${p.nir}" data-nir="${p.nir}"><span class="icon">${p.firstName}</span></button>
          <a href="/dmp?ins=${p.ins}" id="lien">${p.lastName}</a>
        </div>
      </section></div>`;
  }

  it('keeps tags, roles, stable ids and classes only: no text, no attribute that could carry it', () => {
    patientPage();
    const signals = controlSignals(document.querySelector('button')!);
    expect(signals).toEqual({
      selector: '#dossier button[type="button"].btn.btn-dmp',
      chain: [
        { tag: 'button', type: 'button', classes: ['btn', 'btn-dmp'] },
        { tag: 'div', classes: ['actions'] },
        { tag: 'section', role: 'region', classes: ['panelDmp'] },
        { tag: 'div', id: 'dossier', classes: ['patient-view'] },
      ],
    });
    const text = JSON.stringify(signals);
    for (const secret of sensitiveStrings()) expect(text).not.toContain(secret);
  });

  it('is captured by the engine at click time and carried by the waiting and the unconfirmed attempts', async () => {
    patientPage();
    const reports: EngineReport[] = [];
    const { adapters } = loadAdapters([
      {
        id: 'test',
        name: 'Test',
        hosts: [],
        rules: [
          {
            id: 'send',
            event: 'dmp_upload',
            trigger: { on: 'click', selector: '.btn-dmp' },
            confirm: { success: [{ on: 'appear', selector: '.toast' }], timeoutMs: 500 },
          },
        ],
      },
    ]);
    const engine = new RuleEngine({
      doc: document,
      adapters,
      host: { report: (r) => reports.push(r) },
      debounceMs: 10,
      readControl: controlSignals,
    });
    engine.start();
    const click = new MouseEvent('click', { bubbles: true, composed: true });
    Object.defineProperty(click, 'isTrusted', { value: true });
    document.querySelector('.icon')!.dispatchEvent(click);
    // The page redraws the button before the time-out: what was read at the click is kept.
    document.querySelector('.actions')!.innerHTML = '';
    await new Promise((r) => setTimeout(r, 600));
    engine.stop();
    const attempts = reports.filter((r): r is AttemptReport => r.type === 'attempt');
    expect(attempts.map((r) => r.outcome)).toEqual(['pending', 'unconfirmed']);
    for (const r of attempts) expect(r.control?.selector).toBe('#dossier button[type="button"].btn.btn-dmp');
    for (const secret of sensitiveStrings()) expect(JSON.stringify(reports)).not.toContain(secret);
  });
});

describe('the background files the control with the unconfirmed attempt and counts the time-out', () => {
  it('from the page, and when the tab closes before any answer', async () => {
    const db = await openSuiviDb();
    let health: HealthRecord = EMPTY_HEALTH;
    const store: HealthStore = { get: async () => health, set: async (h) => void (health = h) };
    const carried = new Map<number, CarriedRecord[]>();
    const encounters = memoryEncounters();
    const events = new EventService({ db, encounters, now: () => T0, push: () => undefined });
    const service = new ProgramService({
      db,
      events,
      encounters,
      carried: {
        get: async (t) => [...(carried.get(t) ?? [])],
        set: async (t, r) => void carried.set(t, r),
        remove: async (t) => void carried.delete(t),
      },
      now: () => T0,
      registerSite: async () => undefined,
      unregisterSite: async () => undefined,
      push: () => undefined,
      health: store,
      about: () => ({ extensionVersion: '0.1.0', browser: 'firefox' }),
      log: () => undefined,
      onChange: () => undefined,
    });
    const from = { channel: 'program', tabId: 3, site: 'weda', host: 'secure.weda.fr' } as const;
    const control = { selector: '#panel button.btn-dmp', chain: [{ tag: 'button', classes: ['btn-dmp'] }] };
    const base = {
      type: 'engine_attempt',
      site: 'weda',
      ruleId: 'share-panel-send',
      kind: 'dmp_upload',
      source: 'auto',
    } as const;
    await service.attempt(
      { ...base, attemptId: 'attempt-0001', outcome: 'pending', timeoutMs: 1000, control },
      from,
    );
    await service.attempt({ ...base, attemptId: 'attempt-0001', outcome: 'unconfirmed', control }, from);
    await service.attempt(
      { ...base, attemptId: 'attempt-0002', outcome: 'pending', timeoutMs: 1000, control },
      from,
    );
    await service.forgetTab(3);
    const filed = await listUnconfirmed(db);
    expect(filed.map((u) => [u.id, u.control])).toEqual([
      ['attempt-0001', control],
      ['attempt-0002', control],
    ]);
    expect(health.rules['weda/share-panel-send']!.counts).toMatchObject({ matches: 2, timeouts: 2 });
    const reply = await service.diagnostic();
    expect(reply.ok && reply.diagnostic).toMatchObject({
      browser: 'firefox',
      rules: [{ ruleId: 'share-panel-send', matches: 2, timeouts: 2 }],
      unconfirmed: [{ control }, { control }],
    });
    db.close();
  });
});

import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  adapterForHost,
  isSafetyNetRule,
  loadAdapters,
  SiteRecordSchema,
  TaughtRuleSchema,
  taughtToRule,
  type TaughtRule,
} from '@/lib/domain/rules';
import { BUILTIN_ADAPTERS, BUILTIN_PROBLEMS, builtinAdapter, siteOfHost } from '@/lib/sites';
import { FAILURE_TEXT, SUCCESS_TEXT } from '@/lib/sites/generic';

const good = {
  id: 'good',
  name: 'Good',
  hosts: ['a.example.fr'],
  rules: [{ id: 'r1', event: 'dmp_upload', trigger: { on: 'click', text: 'envoyer' } }],
};

describe('adapters are validated when loaded', () => {
  it('the built-in adapters (DMP web access, Weda, generic) are valid', () => {
    expect(BUILTIN_PROBLEMS).toEqual([]);
    expect(BUILTIN_ADAPTERS.map((a) => a.id)).toEqual(['dmp-web', 'weda', 'generic']);
  });

  it('a bad adapter is reported and skipped; the good ones still load', () => {
    const bad = [
      {
        ...good,
        id: 'bad-regex',
        rules: [{ id: 'r1', event: 'dmp_upload', trigger: { on: 'click', text: '(' } }],
      },
      {
        ...good,
        id: 'bad-kind',
        rules: [{ id: 'r1', event: 'dmp_uploaded', trigger: { on: 'click', text: 'x' } }],
      },
      { ...good, id: 'empty-click', rules: [{ id: 'r1', event: 'dmp_upload', trigger: { on: 'click' } }] },
      { ...good, id: 'nothing', rules: [{ id: 'r1', trigger: { on: 'url', path: '^/x' } }] },
      { ...good, id: 'dupes', rules: [good.rules[0], good.rules[0]] },
      { ...good, id: 'extra-field', rules: [{ ...good.rules[0], pageText: 'no' }] },
      {
        ...good,
        id: 'short-timeout',
        rules: [{ ...good.rules[0], confirm: { success: [{ on: 'url', path: 'ok' }], timeoutMs: 10 } }],
      },
      null,
    ];
    const { adapters, problems } = loadAdapters([...bad, good]);
    expect(adapters.map((a) => a.id)).toEqual(['good']);
    expect(problems.map((p) => p.adapter)).toEqual([
      'bad-regex',
      'bad-kind',
      'empty-click',
      'nothing',
      'dupes',
      'extra-field',
      'short-timeout',
      '?',
    ]);
    expect(problems[0]!.reason).toContain('invalid regular expression');
    expect(problems[4]!.reason).toContain('duplicate rule id');
  });
});

describe('taught rules and sites', () => {
  const taught: TaughtRule = {
    id: 'taught-0f1e2d3c-aaaa-bbbb-cccc-111122223333',
    host: 'lgc.exemple.fr',
    name: 'Transfert',
    event: 'dmp_upload',
    selector: 'button[data-action="transferer"]',
    text: '^\\s*Transférer\\s*$',
    successText: 'Transfert effectué',
    createdAt: 1,
  };

  it('schemas (exported for the backup) accept a rule and a site, refuse stray fields', () => {
    expect(v.safeParse(TaughtRuleSchema, taught).success).toBe(true);
    expect(v.safeParse(TaughtRuleSchema, { ...taught, pageText: 'DUPONTEL' }).success).toBe(false);
    expect(v.safeParse(TaughtRuleSchema, { ...taught, text: '(' }).success).toBe(false);
    expect(
      v.safeParse(SiteRecordSchema, {
        id: 'custom:lgc.exemple.fr',
        host: 'lgc.exemple.fr',
        enabled: true,
        addedAt: 1,
      }).success,
    ).toBe(true);
    expect(
      v.safeParse(SiteRecordSchema, { id: 'custom:x', host: 'not a host', enabled: true, addedAt: 1 })
        .success,
    ).toBe(false);
  });

  it('a taught rule becomes a trusted-click rule confirmed by its text', () => {
    expect(taughtToRule(taught)).toEqual({
      id: taught.id,
      event: 'dmp_upload',
      trigger: { on: 'click', selector: taught.selector, text: taught.text },
      confirm: {
        success: [{ on: 'appear', selector: 'body *', text: 'Transfert effectué' }],
        timeoutMs: 20_000,
      },
    });
    expect(taughtToRule({ ...taught, successText: undefined }).confirm).toBeUndefined();
  });

  it('a taught button can count a costly act (no built-in rule can tell one without reading text)', () => {
    const costly = { ...taught, event: 'costly_act' as const };
    expect(v.safeParse(TaughtRuleSchema, costly).success).toBe(true);
    expect(taughtToRule(costly).event).toBe('costly_act');
    expect(v.safeParse(TaughtRuleSchema, { ...taught, event: 'dmp_upload_failed' }).success).toBe(false);
  });

  it('the adapter of a page: taught rules first, then the built-in and its safety net, or the generic heuristic', () => {
    const generic = builtinAdapter('generic')!;
    const custom = adapterForHost('lgc.exemple.fr', 'custom:lgc.exemple.fr', undefined, generic, [taught])!;
    expect(custom.id).toBe('custom:lgc.exemple.fr');
    expect(custom.rules.map((r) => r.id)).toEqual([taught.id, ...generic.rules.map((r) => r.id)]);
    const weda = adapterForHost('secure.weda.fr', 'weda', builtinAdapter('weda'), generic, [taught])!;
    expect(weda.rules.map((r) => r.id)).toEqual([
      ...builtinAdapter('weda')!.rules.map((r) => r.id),
      'net-deposit-own-label',
      'net-deposit-in-dmp-panel',
      'net-deposit-in-dmp-region',
    ]);
    const net = weda.rules.filter((r) => isSafetyNetRule(r.id));
    // On Weda the net does not read custom element names (`dmp-aati-form` is the sick leave).
    expect(net.map((r) => r.trigger.on === 'click' && r.trigger.elementNames)).toEqual([false, false, false]);
    expect(custom.rules.some((r) => isSafetyNetRule(r.id))).toBe(false);
    expect(loadAdapters([custom, weda]).problems).toEqual([]);
  });

  it('site ids from hosts', () => {
    expect(siteOfHost('secure.weda.fr')).toBe('weda');
    expect(siteOfHost('SECURE.WEDA.FR')).toBe('weda');
    expect(siteOfHost('app.medispa.test')).toBe('custom:app.medispa.test');
  });
});

describe('generic heuristic wording', () => {
  const rules = builtinAdapter('generic')!.rules;
  const own = new RegExp((rules[0]!.trigger as { text: string }).text, 'i');
  const inPanel = new RegExp((rules[1]!.trigger as { text: string }).text, 'i');
  const panel = new RegExp((rules[1]!.trigger as { container: string }).container, 'i');

  it.each([
    'Envoyer au DMP',
    'Partager dans Mon espace santé',
    'Verser au DMP',
    'Alimenter le DMP',
    'Déposer dans le DMP',
    'Ajouter au dossier médical partagé',
    'Envoi DMP',
  ])('a control labelled "%s" is a deposit', (label) => expect(own.test(label)).toBe(true));

  it.each([
    'Consulter le DMP',
    'Envoyer par messagerie sécurisée',
    'Imprimer',
    'Ouvrir le DMP',
    'Partager par e-mail',
  ])('"%s" is not', (label) => expect(own.test(label)).toBe(false));

  it('a bare "Envoyer" counts inside a panel labelled for the DMP only', () => {
    expect(inPanel.test('Envoyer')).toBe(true);
    expect(panel.test('Dossier Médical Partagé')).toBe(true);
    expect(panel.test('dmp share document')).toBe(true);
    expect(panel.test('Messagerie sécurisée')).toBe(false);
  });

  it('success and failure messages', () => {
    const ok = new RegExp(SUCCESS_TEXT, 'i');
    const ko = new RegExp(FAILURE_TEXT, 'i');
    for (const m of [
      'Document envoyé au DMP',
      'Le document a bien été versé au DMP.',
      'Document déposé avec succès',
      'Partagé dans Mon espace santé',
    ])
      expect(ok.test(m), m).toBe(true);
    for (const m of ['Envoi en cours…', 'Document enregistré', 'Envoyer au DMP'])
      expect(ok.test(m), m).toBe(false);
    for (const m of [
      "Échec de l'envoi au DMP",
      'Erreur : service indisponible',
      "Le document n'a pas pu être envoyé",
      'Document non envoyé',
    ])
      expect(ko.test(m), m).toBe(true);
    expect(ko.test('Document envoyé au DMP')).toBe(false);
  });
});

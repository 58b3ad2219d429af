import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DMP_WEB_TYPE_LABELS,
  DOC_CLASSES,
  docClassMessageKey,
  isDocClass,
  labelKey,
  normalizeLabel,
} from '@/lib/domain/doc-classes';
import { docClassFromTypeValue, LABEL_KEYS_BY_CLASS } from '@/lib/domain/doc-class-of-type';

describe('docClassFromTypeValue', () => {
  it.each([
    ['CR ou fiche de consultation ou de visite', '11488-4'],
    ['Synthèse médicale', '60591-5'],
    ["Lettre d'adressage", '18761-7'],
    ["Lettre de liaison à la sortie d'un établissement de soins", '11490-0'],
    ["CR d'examens biologiques", '11502-2'],
    ["CR d'imagerie médicale", '18748-4'],
    ["Synthèse d'épisode de soins", '34133-9'],
    ['Prescription de produits de santé', '57833-6'],
    ['Prescription de soins', '57832-8'],
    ['Prescription arrêt de travail', '57828-6'],
    ["Demande d'actes d'imagerie", '55115-0'],
    ['Certificat médical', '89601-9'],
    ['CR opératoire', '34874-8'],
  ])('maps the DMP label %j to %s', (label, code) => {
    expect(docClassFromTypeValue(label)).toBe(code);
  });

  it('ignores accents, case, spacing and apostrophe variants', () => {
    expect(docClassFromTypeValue('SYNTHESE MEDICALE')).toBe('60591-5');
    expect(docClassFromTypeValue('  synthese   medicale ')).toBe('60591-5');
    expect(docClassFromTypeValue('Lettre d\u2019adressage')).toBe('18761-7');
    expect(docClassFromTypeValue('Lettre d\u2018adressage')).toBe('18761-7');
    expect(docClassFromTypeValue('Lettre d`adressage')).toBe('18761-7');
    expect(docClassFromTypeValue('Lettre d\u00b4adressage')).toBe('18761-7');
    // Decomposed accents (NFD) as some pages send them.
    expect(docClassFromTypeValue('Certificat me\u0301dical')).toBe('89601-9');
    expect(docClassFromTypeValue('CR d\u2019imagerie médicale')).toBe('18748-4');
  });

  it('passes every code of the vocabulary through as it is', () => {
    for (const code of DOC_CLASSES) expect(docClassFromTypeValue(code)).toBe(code);
    expect(docClassFromTypeValue(' 11488-4 ')).toBe('11488-4');
  });

  it('maps SYNTH, in any case, to VSM', () => {
    expect(docClassFromTypeValue('SYNTH')).toBe('VSM');
    expect(docClassFromTypeValue('synth')).toBe('VSM');
  });

  it('maps anything unknown or empty to other', () => {
    expect(docClassFromTypeValue('Compte rendu inventé')).toBe('other');
    expect(docClassFromTypeValue('99999-9')).toBe('other');
    expect(docClassFromTypeValue('')).toBe('other');
    expect(docClassFromTypeValue(null)).toBe('other');
    expect(docClassFromTypeValue(undefined)).toBe('other');
    // A prefix or an extension of a known label is not that label.
    expect(docClassFromTypeValue('Synthèse médic')).toBe('other');
    expect(docClassFromTypeValue('Synthèse médicale du patient')).toBe('other');
  });

  it('maps no label the real list lacks (the four labels of the former mapping)', () => {
    // Not offered by the site's select (docs/dmp-document-types.md): unknown, so `other`.
    expect(docClassFromTypeValue('Volet de synthèse médicale')).toBe('other');
    expect(docClassFromTypeValue("Lettre de liaison à l'entrée d'un établissement de soins")).toBe('other');
    expect(docClassFromTypeValue('Note de vaccination')).toBe('other');
    expect(docClassFromTypeValue('Historique des vaccinations')).toBe('other');
  });
});

describe('the real type list of the DMP web access (docs/dmp-document-types.md)', () => {
  it('holds the 90 labels, distinct even once normalised, each mapped to a vocabulary code', () => {
    expect(DMP_WEB_TYPE_LABELS).toHaveLength(90);
    expect(new Set(DMP_WEB_TYPE_LABELS.map(([label]) => normalizeLabel(label))).size).toBe(90);
    for (const [, code] of DMP_WEB_TYPE_LABELS) expect(isDocClass(code)).toBe(true);
  });

  it('maps every label to its class, whatever its accents, case, spacing or apostrophes', () => {
    const noisy = (label: string) =>
      `  ${label.normalize('NFD').toUpperCase().replace(/ /g, '  ').replace(/'/g, '\u2019')} `;
    for (const [label, code] of DMP_WEB_TYPE_LABELS) {
      expect(docClassFromTypeValue(label), label).toBe(code);
      expect(docClassFromTypeValue(noisy(label)), label).toBe(code);
      expect(docClassFromTypeValue(normalizeLabel(label)), label).toBe(code);
    }
  });

  it("carries the labels' keys (for the content scripts) made from the table, none shared", () => {
    const expected: Record<string, string[]> = {};
    for (const [label, code] of DMP_WEB_TYPE_LABELS)
      if (code !== 'other') (expected[code] ??= []).push(labelKey(label));
    const made = Object.fromEntries(Object.entries(expected).map(([c, keys]) => [c, keys.join(' ')]));
    // When the table changes, paste this value into lib/domain/doc-class-of-type.ts.
    expect(LABEL_KEYS_BY_CLASS, JSON.stringify(made, null, 2)).toEqual(made);
    expect(new Set(DMP_WEB_TYPE_LABELS.map(([label]) => labelKey(label))).size).toBe(90);
    // An unknown label is `other`, not the class of a known one.
    expect(docClassFromTypeValue('Compte rendu de téléconsultation inventé')).toBe('other');
  });

  it('is the table of docs/dmp-document-types.md, row for row', () => {
    const doc = readFileSync('docs/dmp-document-types.md', 'utf8');
    const rows = doc
      .split('\n')
      .map((line) => /^\| (.+?) \| .+? \| — \| `([^`]+)` \| /.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]);
    expect(rows).toEqual(DMP_WEB_TYPE_LABELS.map(([label, code]) => [label, code]));
  });

  it.each([
    ['Synthèse', 'VSM'],
    ["Note de transfert (dont lettre de liaison à l'entrée en établissement de soins)", '18761-7'],
    ['Prescription (autre)', '57828-6'],
    ["Prescription d'actes de kinésithérapie", '57832-8'],
    ["Prescription d'actes de biologie médicale", '57828-6'],
    ['CR de consultation en ophtalmologie', '11488-4'],
    ['Certificat, déclaration', '89601-9'],
    ['COVID-19 Attestation de vaccination', '87273-9'],
    ['Mesures de signes vitaux', 'other'],
    ["Attestation d'hébergement", 'other'],
  ])('maps %j to %s', (label, code) => {
    expect(docClassFromTypeValue(label)).toBe(code);
  });
});

describe('vocabulary helpers', () => {
  it('isDocClass accepts codes only', () => {
    expect(isDocClass('VSM')).toBe(true);
    expect(isDocClass('other')).toBe(true);
    expect(isDocClass('SYNTH')).toBe(false);
    expect(isDocClass(11488)).toBe(false);
    expect(isDocClass(undefined)).toBe(false);
  });

  it('docClassMessageKey uses only characters allowed in message names', () => {
    expect(docClassMessageKey('11488-4')).toBe('docClass_11488_4');
    expect(docClassMessageKey('VSM')).toBe('docClass_VSM');
    for (const code of DOC_CLASSES) expect(docClassMessageKey(code)).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('normalizeLabel folds accents, apostrophes, case and spaces', () => {
    expect(normalizeLabel('  Lettre  D\u2019Adressage à l\u2019Entrée ')).toBe(
      "lettre d'adressage a l'entree",
    );
  });

  it('has no duplicate code', () => {
    expect(new Set(DOC_CLASSES).size).toBe(DOC_CLASSES.length);
  });
});

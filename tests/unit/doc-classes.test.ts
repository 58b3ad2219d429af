import { describe, expect, it } from 'vitest';
import {
  DOC_CLASSES,
  docClassFromTypeValue,
  docClassMessageKey,
  isDocClass,
  normalizeLabel,
} from '@/lib/domain/doc-classes';

describe('docClassFromTypeValue', () => {
  it.each([
    ['CR ou fiche de consultation ou de visite', '11488-4'],
    ['Synthèse médicale', '60591-5'],
    ['Volet de synthèse médicale', 'VSM'],
    ["Lettre d'adressage", '18761-7'],
    ["Lettre de liaison à la sortie d'un établissement de soins", '11490-0'],
    ["Lettre de liaison à l'entrée d'un établissement de soins", '18761-7'],
    ["CR d'examens biologiques", '11502-2'],
    ["CR d'imagerie médicale", '18748-4'],
    ["Synthèse d'épisode de soins", '34133-9'],
    ['Prescription de produits de santé', '57833-6'],
    ['Prescription de soins', '57832-8'],
    ['Prescription arrêt de travail', '57828-6'],
    ["Demande d'actes d'imagerie", '55115-0'],
    ['Note de vaccination', '87273-9'],
    ['Historique des vaccinations', '11369-6'],
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
    // A prefix of a known label is not that label.
    expect(docClassFromTypeValue('Synthèse')).toBe('other');
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

import { describe, expect, it } from 'vitest';
import { classifyActionElement } from '@/lib/dmp-web/actions';

describe('classifyActionElement', () => {
  it.each([
    [{ tag: 'BUTTON', label: 'Confirmer' }, 'accept'],
    [{ tag: 'button', label: 'Valider' }, 'accept'],
    [{ tag: 'button', label: 'Oui' }, 'accept'],
    [{ tag: 'a', label: 'Continuer' }, 'accept'],
    [{ tag: 'button', id: 'btnSigner' }, 'accept'],
    [{ tag: 'input', type: 'submit', value: 'Déposer' }, 'accept'],
    [{ tag: 'input', type: 'button', value: 'OK' }, 'accept'],
    [{ tag: 'button', name: 'envoyer' }, 'accept'],
    [{ tag: 'button', label: 'Annuler' }, 'cancel'],
    [{ tag: 'a', label: 'Retour' }, 'cancel'],
    [{ tag: 'button', label: 'Non' }, 'cancel'],
    [{ tag: 'input', type: 'submit', value: 'Abandonner' }, 'cancel'],
    [{ tag: 'button', id: 'cancelBtn' }, 'cancel'],
  ] as const)('%j is %s', (info, expected) => {
    expect(classifyActionElement(info)).toBe(expected);
  });

  it('a cancel word wins over an accept word', () => {
    expect(classifyActionElement({ tag: 'button', label: 'Annuler le dépôt' })).toBe('cancel');
    expect(classifyActionElement({ tag: 'button', id: 'validate', label: 'Non, revenir' })).toBe('cancel');
  });

  it('ignores elements that are not actions', () => {
    expect(classifyActionElement({ tag: 'div', label: 'Confirmer' })).toBeUndefined();
    expect(classifyActionElement({ tag: 'span', label: 'Annuler' })).toBeUndefined();
    expect(classifyActionElement({ tag: 'input', type: 'text', value: 'Confirmer' })).toBeUndefined();
    expect(classifyActionElement({ tag: 'input', value: 'Confirmer' })).toBeUndefined();
  });

  it('ignores actions without a known word', () => {
    expect(classifyActionElement({ tag: 'button', label: 'Imprimer' })).toBeUndefined();
    expect(classifyActionElement({ tag: 'button' })).toBeUndefined();
    expect(classifyActionElement({ tag: 'button', id: null, name: null, value: null, label: null })).toBeUndefined();
  });

  it('does not take "non" or "oui" inside other words', () => {
    expect(classifyActionElement({ tag: 'button', label: 'Nonce' })).toBeUndefined();
    expect(classifyActionElement({ tag: 'button', label: 'Ouistiti' })).toBeUndefined();
  });

  it('reads at most 200 characters of the element', () => {
    expect(classifyActionElement({ tag: 'button', label: `${'x'.repeat(250)} Confirmer` })).toBeUndefined();
  });
});

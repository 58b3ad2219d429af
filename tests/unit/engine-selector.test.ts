// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { describeTarget, isKeepableText, looksGenerated } from '@/lib/content/engine/selector';
import { accessibleText, containerLabel } from '@/lib/content/engine/dom';

describe('taught button description', () => {
  it('uses stable attributes and the label, never a generated id or a position', () => {
    document.body.innerHTML = `<dmp-share-document><button id="mat-button-1203" class="mdc-button ng-star-inserted cdk-focused" data-action="envoyer"><span>Envoyer au DMP</span></button></dmp-share-document>`;
    const target = describeTarget(document.querySelector('span')!);
    expect(target.selector).toBe('dmp-share-document button[data-action="envoyer"].mdc-button');
    expect(target.selector).not.toMatch(/1203|nth|ng-star/);
    expect(target.text).toBe('^\\s*Envoyer au DMP\\s*$');
    expect(document.querySelectorAll(target.selector)).toHaveLength(1);
  });

  it('keeps a stable id, and drops a label that could be page data', () => {
    document.body.innerHTML = `<button id="boutonEnvoiDmp">Dossier DUPONTEL Josiane 12/03/1975</button>`;
    const target = describeTarget(document.querySelector('button')!);
    expect(target).toEqual({ selector: 'button#boutonEnvoiDmp' });
    expect(isKeepableText('Envoyer')).toBe(true);
    expect(isKeepableText('Patient 275037511234567')).toBe(false);
    expect(looksGenerated('mat-mdc-checkbox-3-input')).toBe(false);
    expect(looksGenerated('ctl00_ContentPlaceHolder1_ctl045')).toBe(true);
    expect(looksGenerated('a1b2c3d4-e5f6')).toBe(true);
  });

  it('reads labels the way assistive technologies name controls', () => {
    document.body.innerHTML = `<section aria-label="Dossier Médical Partagé"><div><button id="b" title="Envoyer"><svg></svg></button></div></section>
      <span id="lbl">Partager</span><button id="c" aria-labelledby="lbl"></button><fieldset><legend>Mon espace santé</legend><button id="d">Envoyer</button></fieldset>`;
    expect(accessibleText(document.querySelector('#b')!)).toBe('Envoyer');
    expect(containerLabel(document.querySelector('#b')!)).toBe('Dossier Médical Partagé');
    expect(accessibleText(document.querySelector('#c')!)).toBe('Partager');
    expect(containerLabel(document.querySelector('#d')!)).toBe('Mon espace santé');
  });
});

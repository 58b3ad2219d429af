import { describe, expect, it } from 'vitest';
import {
  DMP_PAGES,
  DMP_WEB_HOSTS,
  DMP_WEB_MATCHES,
  classifyDmpPath,
  isDmpWebHost,
} from '@/lib/sites/dmp-web-pages';

describe('classifyDmpPath', () => {
  it.each([
    // The deposit chain of the DMP web access.
    ['/dmp/recapitulatif', 'record_summary'],
    ['/dmp/ajoutdocument', 'add_document'],
    ['/dmp/demandeconfirmationactiondocument', 'confirm_action'],
    ['/dmp/signature', 'signature'],
    ['/dmp/signatureDocument', 'signature'],
    ['/dmp/confirmationajout', 'upload_confirmed'],
    ['/dmp/erreur', 'error'],
    ['/dmp/error', 'error'],
    ['/dmp/erreurTechnique', 'error'],
    ['/erreur/500', 'error'],
    // Inside the record, other pages.
    ['/dmp/documents', 'record_other'],
    ['/dmp/historique', 'record_other'],
    // The record's documents: the list (whatever its last part) and a document opened.
    ['/dmp/documents/liste/raz', 'record_other'],
    ['/dmp/documents/liste', 'record_other'],
    ['/dmp/documents/visualisation', 'record_other'],
    ['/dmp/documents.consulter/12', 'record_other'],
    // Outside any record.
    ['/', 'outside'],
    ['', 'outside'],
    ['/login', 'outside'],
    ['/dmp/liste', 'outside'],
    ['/dmp/listePatients', 'outside'],
    ['/dmp/recherche', 'outside'],
    ['/dmp/rechercheDossier', 'outside'],
    ['/mespatients/raz', 'outside'],
    ['/dmp/accueil', 'outside'],
    ['/dmp/patients', 'outside'],
    ['/dmp', 'outside'],
  ])('%j is %s', (path, page) => {
    expect(classifyDmpPath(path)).toBe(page);
  });

  it('ignores case, a trailing slash and page extensions', () => {
    expect(classifyDmpPath('/DMP/Recapitulatif/')).toBe('record_summary');
    expect(classifyDmpPath('/dmp/confirmationajout.html')).toBe('upload_confirmed');
    expect(classifyDmpPath('/dmp/ajoutdocument.do')).toBe('add_document');
    expect(classifyDmpPath('/dmp/demandeconfirmationactiondocument.jsp')).toBe('confirm_action');
  });

  it('reads only the path segments, so near names do not match', () => {
    expect(classifyDmpPath('/dmp/recapitulatifs')).toBe('record_other');
    expect(classifyDmpPath('/aide/confirmationajout-explications')).toBe('outside');
  });

  // The real paths, as code driving the real site shows them (docs/evidence.md).
  it.each([
    ['/mespatients/raz', 'outside'],
    ['/index2', 'outside'],
    ['/callbackoidc', 'outside'],
    ['/dmp/recapitulatif', 'record_summary'],
    ['/ajoutdocument', 'add_document'],
    ['/dmp/ajoutdocument', 'add_document'],
    // The refused form: shown again at the form's post address (a Tapestry form event).
    ['/ajoutdocument.formajoutdocument', 'add_document_refused'],
    ['/dmp/ajoutdocument.formajoutdocument', 'add_document_refused'],
    ['/dmp/AjoutDocument.FormAjoutDocument', 'add_document_refused'],
    ['/demandeconfirmationactiondocument', 'confirm_action'],
    ['/dmp/signaturedocument', 'signature'],
    ['/confirmationajout', 'upload_confirmed'],
    // Another patient's record still open: a step of opening the new one, not a record page.
    ['/dmp/confirmationouvertureautre/opendmp', 'confirm_other_record'],
    ['/dmp/confirmationouvertureautre', 'confirm_other_record'],
    ['/dmp/confirmationouvertureautre.confirmopendmp', 'confirm_other_record'],
  ])('real path %j is %s', (path, page) => {
    expect(classifyDmpPath(path)).toBe(page);
  });

  it('reads a page followed by further path parts (its context) as that page', () => {
    expect(classifyDmpPath('/dmp/confirmationajout/12')).toBe('upload_confirmed');
    expect(classifyDmpPath('/dmp/recapitulatif/ab12')).toBe('record_summary');
    // A Tapestry event on a page other than the form's post stands for its page.
    expect(classifyDmpPath('/dmp/recapitulatif.ajoutdoc')).toBe('record_summary');
    expect(classifyDmpPath('/ajoutdocument.autreevenement')).toBe('add_document');
  });

  it('always answers one of the known pages', () => {
    for (const p of ['/x/y/z', '/dmp/a/b', '/%20']) expect(DMP_PAGES).toContain(classifyDmpPath(p));
  });
});

describe('isDmpWebHost', () => {
  it('accepts the DMP hosts only, in any case', () => {
    for (const host of DMP_WEB_HOSTS) expect(isDmpWebHost(host)).toBe(true);
    expect(isDmpWebHost('WWW.DMP.FR')).toBe(true);
    expect(isDmpWebHost('dmp.fr.evil.example')).toBe(false);
    expect(isDmpWebHost('evil-www.dmp.fr')).toBe(false);
    expect(isDmpWebHost('example.org')).toBe(false);
  });

  it('match patterns are https and carry no port', () => {
    for (const m of DMP_WEB_MATCHES) expect(m).toMatch(/^https:\/\/[a-z0-9.-]+\/\*$/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseRequest as parseMessage, type MessageName, type Request } from '@/lib/messaging/protocol';
import {
  channelsOf,
  checkSender,
  isThisExtension,
  type ChannelContext,
  type SenderInfo,
} from '@/lib/messaging/channels';

/** The messages of the DMP web access pages, the overlay and the popup. */
const VALID: Partial<Record<MessageName, unknown[]>> = {
  dmp_page: [
    {
      type: 'dmp_page',
      page: 'record_summary',
      navType: 'navigate',
      pageLoadId: '3f1c2d4e-aaaa-bbbb-cccc-000000000001',
    },
    { type: 'dmp_page', page: 'upload_confirmed', navType: 'reload', pageLoadId: 'load-0001' },
    {
      type: 'dmp_page',
      page: 'signature',
      navType: 'navigate',
      pageLoadId: 'load-0002',
      submitted: { flowId: 'flow-00000001', docClass: 'VSM' },
    },
  ],
  dmp_submitted: [{ type: 'dmp_submitted', flowId: 'flow-00000001', docClass: 'VSM' }],
  dmp_decision: [
    { type: 'dmp_decision', decision: 'accept' },
    { type: 'dmp_decision', decision: 'cancel' },
  ],
  get_today: [{ type: 'get_today' }],
  undo: [{ type: 'undo', id: 'flow-00000001' }],
  redo: [{ type: 'redo', id: 'read:load-0001' }],
  add_manual: [
    { type: 'add_manual', id: 'manual-0001', kind: 'dmp_upload', docClass: '11488-4' },
    { type: 'add_manual', id: 'manual-0002', kind: 'dmp_consult' },
  ],
  undo_last: [{ type: 'undo_last' }],
};

describe('parseMessage accepts', () => {
  for (const [type, samples] of Object.entries(VALID)) {
    it.each(samples.map((s) => [JSON.stringify(s), s]))(`${type}: %s`, (_, sample) => {
      const parsed = parseMessage(sample);
      expect(parsed).toEqual({ ok: true, message: sample });
    });
  }
});

describe('parseMessage refuses', () => {
  const refusals: Array<[string, unknown, RegExp?]> = [
    ['an unknown type', { type: 'delete_all' }, /type/],
    ['a missing type', { id: 'flow-00000001' }],
    [
      'an extra field',
      { type: 'dmp_submitted', flowId: 'flow-00000001', docClass: 'VSM', title: 'CR Mme Dupont' },
      /title/,
    ],
    ['an extra field on a bare message', { type: 'get_today', patient: 'x' }, /patient/],
    [
      'page text inside the kept submit',
      {
        type: 'dmp_page',
        page: 'confirm_action',
        navType: 'navigate',
        pageLoadId: 'load-0001',
        submitted: { flowId: 'flow-00000001', docClass: 'VSM', title: 'CR Mme Dupont' },
      },
      /title/,
    ],
    ['a wrong docClass', { type: 'dmp_submitted', flowId: 'flow-00000001', docClass: 'SYNTH' }, /docClass/],
    [
      'a label instead of a docClass',
      { type: 'add_manual', id: 'manual-0001', kind: 'dmp_upload', docClass: 'Synthèse médicale' },
      /docClass/,
    ],
    ['an overlong id', { type: 'undo', id: 'x'.repeat(81) }, /id/],
    ['a short id', { type: 'undo', id: 'short' }, /id/],
    ['an id with free text', { type: 'undo', id: 'Jean Dupont né le 01/02/1960' }, /id/],
    ['a non-string id', { type: 'redo', id: 12345678 }, /id/],
    [
      'an unknown page',
      { type: 'dmp_page', page: 'patient_list', navType: 'navigate', pageLoadId: 'load-0001' },
      /page/,
    ],
    [
      'an unknown navigation type',
      { type: 'dmp_page', page: 'outside', navType: 'teleport', pageLoadId: 'load-0001' },
      /navType/,
    ],
    ['an unknown decision', { type: 'dmp_decision', decision: 'maybe' }, /decision/],
    ['a kind not allowed by hand', { type: 'add_manual', id: 'manual-0001', kind: 'sick_leave' }, /kind/],
    ['a missing field', { type: 'dmp_submitted', flowId: 'flow-00000001' }, /docClass/],
    ['a non-object (string)', 'get_today'],
    ['a non-object (number)', 42],
    ['an array', [{ type: 'get_today' }]],
    ['null', null],
    ['undefined', undefined],
  ];
  it.each(refusals)('%s', (_, raw, pathPattern) => {
    const parsed = parseMessage(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toMatch(/^invalid message/);
    expect(parsed.reason.length).toBeGreaterThan('invalid message'.length);
    if (pathPattern) expect(parsed.reason).toMatch(pathPattern);
  });
});

describe('classifySender', () => {
  const OWN_ID = 'own-extension-id';
  const OWN_ORIGIN = 'chrome-extension://own-extension-id/';
  const ctx: ChannelContext = { ownId: OWN_ID, ownOrigin: OWN_ORIGIN, programSite: async () => undefined };
  /** Who may send get_today: an extension page, or a DMP page (the same check as every message). */
  const classify = async (sender: SenderInfo) => {
    if (!isThisExtension(sender, OWN_ID)) return { ok: false, reason: 'sender is not this extension' };
    const checked = await checkSender({ type: 'get_today' } as Request, sender, ctx);
    if (!checked.ok) return checked;
    return { ok: true, kind: checked.from.channel === 'dmp' ? 'dmp_page' : `${checked.from.channel}_page` };
  };

  it('an extension page of this extension', async () => {
    expect(await classify({ extensionId: OWN_ID, url: `${OWN_ORIGIN}popup.html` })).toEqual({
      ok: true,
      kind: 'extension_page',
    });
  });

  it('a content script in a DMP tab', async () => {
    expect(
      await classify({
        extensionId: OWN_ID,
        url: 'https://wps-psc.dmp.monespacesante.fr/dmp/recapitulatif',
        tabId: 7,
        frameId: 0,
      }),
    ).toEqual({
      ok: true,
      kind: 'dmp_page',
    });
    expect(
      await classify({ extensionId: OWN_ID, url: 'https://www.dmp.fr/dmp/ajoutdocument', tabId: 7 }),
    ).toMatchObject({ ok: true, kind: 'dmp_page' });
  });

  it.each<[string, SenderInfo, RegExp]>([
    [
      'another extension',
      { extensionId: 'evil-id', url: 'chrome-extension://evil-id/popup.html' },
      /not this extension/,
    ],
    ['no extension id (a web page)', { url: 'https://www.dmp.fr/', tabId: 1 }, /not this extension/],
    ['no URL', { extensionId: OWN_ID }, /no URL/],
    ['a malformed URL', { extensionId: OWN_ID, url: 'not a url', tabId: 1 }, /malformed/],
    [
      'a DMP page over http',
      { extensionId: OWN_ID, url: 'http://www.dmp.fr/dmp/recapitulatif', tabId: 1 },
      /not a matched site/,
    ],
    [
      'a non-DMP https page',
      { extensionId: OWN_ID, url: 'https://example.org/dmp/recapitulatif', tabId: 1 },
      /https:\/\/example\.org is not a matched site/,
    ],
    [
      'a look-alike host',
      { extensionId: OWN_ID, url: 'https://www.dmp.fr.example.org/', tabId: 1 },
      /not a matched site/,
    ],
    [
      'a DMP URL without a tab',
      { extensionId: OWN_ID, url: 'https://www.dmp.fr/dmp/recapitulatif' },
      /not a matched site/,
    ],
    [
      'another extension origin with our id',
      { extensionId: OWN_ID, url: 'chrome-extension://other-id/popup.html' },
      /not a matched site/,
    ],
  ])('refuses %s', async (_, sender, reason) => {
    const result = await classify(sender);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

/** The channels of a message, as the protocol declares them (lib/messaging/protocol.ts). */
const senderMaySend = (kind: 'dmp_page' | 'extension_page', type: MessageName) =>
  channelsOf(type).includes(kind === 'dmp_page' ? 'dmp' : 'extension');
const TYPES = Object.keys(VALID) as MessageName[];
const DMP_PAGE_TYPES = TYPES.filter(
  (t) => senderMaySend('dmp_page', t) && !senderMaySend('extension_page', t),
);
const EXTENSION_PAGE_TYPES = TYPES.filter(
  (t) => senderMaySend('extension_page', t) && !senderMaySend('dmp_page', t),
);

describe('senderMaySend', () => {
  it('DMP page messages only from a DMP page', () => {
    for (const type of DMP_PAGE_TYPES) {
      expect(senderMaySend('dmp_page', type)).toBe(true);
      expect(senderMaySend('extension_page', type)).toBe(false);
    }
  });

  it('popup-only messages only from an extension page', () => {
    for (const type of EXTENSION_PAGE_TYPES) {
      expect(senderMaySend('extension_page', type)).toBe(true);
      expect(senderMaySend('dmp_page', type)).toBe(false);
    }
  });

  it('shared messages from both', () => {
    for (const type of ['get_today', 'undo', 'redo'] as const) {
      expect(senderMaySend('dmp_page', type)).toBe(true);
      expect(senderMaySend('extension_page', type)).toBe(true);
    }
  });

  it('the popup-only set is add_manual and undo_last', () => {
    expect([...EXTENSION_PAGE_TYPES].sort()).toEqual(['add_manual', 'undo_last']);
    expect([...DMP_PAGE_TYPES].sort()).toEqual(['dmp_decision', 'dmp_page', 'dmp_submitted']);
  });
});

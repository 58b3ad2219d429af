import { describe, expect, it, vi } from 'vitest';
import { engineHost } from '@/lib/content/engine-host';
import type { SendMessage } from '@/lib/messaging/client';

const SITE = 'weda';

function setup() {
  const send = vi.fn(async () => ({ ok: true }));
  const log = vi.fn();
  return { send, log, host: engineHost(send as unknown as SendMessage, SITE, log) };
}

describe("a program page's engine, told to the background", () => {
  it('an attempt: its fields with the site, without the report type and the adapter', () => {
    const { send, host } = setup();
    host.report({
      type: 'attempt',
      attemptId: 'attempt-0001',
      adapterId: 'weda',
      ruleId: 'deposit',
      kind: 'dmp_upload',
      source: 'auto',
      outcome: 'pending',
      docClass: '11488-4',
      crossPage: true,
      timeoutMs: 20_000,
    });
    expect(send).toHaveBeenCalledWith('engine_attempt', {
      site: SITE,
      source: 'auto',
      attemptId: 'attempt-0001',
      ruleId: 'deposit',
      kind: 'dmp_upload',
      outcome: 'pending',
      docClass: '11488-4',
      crossPage: true,
      timeoutMs: 20_000,
    });
  });

  it('a consultation opened: engine_encounter', () => {
    const { send, host } = setup();
    host.report({ type: 'encounter_start', attemptId: 'attempt-0002', adapterId: 'weda', ruleId: 'open' });
    expect(send).toHaveBeenCalledWith('engine_encounter', {
      attemptId: 'attempt-0002',
      site: SITE,
      ruleId: 'open',
    });
  });

  it('page-chain steps and "manual" attempts are not sent', () => {
    const { send, host } = setup();
    host.report({
      type: 'flow_step',
      step: 'submitted',
      attemptId: 'attempt-0003',
      adapterId: 'weda',
      ruleId: 'x',
    });
    host.report({
      type: 'attempt',
      attemptId: 'attempt-0004',
      adapterId: 'weda',
      ruleId: 'x',
      kind: 'dmp_upload',
      source: 'manual',
      outcome: 'counted',
    });
    expect(send).not.toHaveBeenCalled();
  });

  it('responses to watch: url and status of each signal, the timeout and the start', () => {
    const { send, host } = setup();
    host.watchResponses!(
      'attempt-0005',
      [
        { on: 'response', url: '/api/dmp/send', status: '2xx' },
        { on: 'response', url: '/api/dmp/send', status: '5xx' },
      ],
      30_000,
      1_000,
    );
    expect(send).toHaveBeenCalledWith('engine_watch', {
      attemptId: 'attempt-0005',
      site: SITE,
      watches: [
        { url: '/api/dmp/send', status: '2xx' },
        { url: '/api/dmp/send', status: '5xx' },
      ],
      timeoutMs: 30_000,
      startedAt: 1_000,
    });
  });

  it('a rule that cannot run is logged', () => {
    const { send, log, host } = setup();
    host.problem!('weda', 'deposit', 'bad selector');
    expect(log).toHaveBeenCalledWith('rule weda/deposit skipped: bad selector');
    expect(send).not.toHaveBeenCalled();
  });
});

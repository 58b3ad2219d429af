import type { SendMessage } from '../messaging/client';
import type { EngineHost } from './engine/runtime';

/**
 * What a practice-program page's rule engine sees, told to the background: attempts and their
 * outcomes, consultations opened, and the responses an attempt waits on (the background sees
 * the requests through webRequest, the page cannot). Rules that cannot run are logged.
 */
export function engineHost(send: SendMessage, site: string, log: (reason: string) => void): EngineHost {
  return {
    report: (r) => {
      if (r.type === 'encounter_start') {
        void send('engine_encounter', { attemptId: r.attemptId, site, ruleId: r.ruleId });
        return;
      }
      // Page-chain steps belong to the DMP web access script; rules never report "manual".
      if (r.type !== 'attempt' || r.source === 'manual') return;
      const { type: _t, adapterId: _a, source, ...rest } = r;
      void send('engine_attempt', { site, source, ...rest });
    },
    watchResponses: (attemptId, signals, timeoutMs, startedAt) =>
      void send('engine_watch', {
        attemptId,
        site,
        watches: signals.map(({ url, status }) => ({ url, status })),
        timeoutMs,
        startedAt,
      }),
    problem: (a, rule, reason) => log(`rule ${a}/${rule} skipped: ${reason}`),
  };
}

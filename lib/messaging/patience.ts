import type { SendMessage } from './client';
import type { Failure } from './replies';

/** How long a message waits for its answer, and how many times it is sent in all. */
export interface Patience {
  waitMs: number;
  tries: number;
}

/** What a page's first word to the background is given: about 7.5 s before it says "unreachable". */
export const ANNOUNCE_PATIENCE: Patience = { waitMs: 2500, tries: 3 };

/** No answer at all: the worker was not there, or went away before answering. */
const UNANSWERED = new Set(['unreachable', 'no_reply']);

/**
 * A page's announcements when the background may have just been stopped: a reply that does not
 * come within `waitMs` (the worker stopped while it handled the message: Chromium was seen to
 * leave such a reply unsettled), or a worker that could not be reached, sends the message
 * again, up to `tries` times in all. For messages the background handles idempotently only:
 * a page's announcement carries its page load's id, and a second one counts nothing again.
 */
export function patientClient(send: SendMessage, patience: Patience): SendMessage {
  return async (name, ...args) => {
    let last: Awaited<ReturnType<SendMessage>> = { ok: false, error: 'unreachable' };
    for (let attempt = 0; attempt < patience.tries; attempt++) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<Failure>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, error: 'unreachable' }), patience.waitMs);
      });
      last = await Promise.race([send(name, ...args), late]);
      clearTimeout(timer);
      if (last.ok || !UNANSWERED.has(last.error)) return last as never;
    }
    return last as never;
  };
}

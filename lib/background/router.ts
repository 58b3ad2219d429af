import { classifySender, parseMessage, senderMaySend, type SenderInfo } from '../messaging/messages';
import type { Recorder, Reply } from './recorder';
import { isDmpWebHost } from '../sites/dmp-web-pages';
import { isProgramMessage } from '../messaging/program-protocol';
import { isTimeMessage, type TimeReply } from './time-service';
import { isDataMessage, type DataReply } from './data-service';

export interface RouterDeps {
  recorder: Recorder;
  ownId: string;
  ownOrigin: string;
  /** Where refusals are reported (the background's console). */
  log: (reason: string) => void;
  /** Called after anything that may have changed today's counts. */
  onChange: () => void;
  /** Practice-program detectors and the dashboard's sites and rules (lib/engine/protocol.ts). */
  programs?: { route(raw: unknown, sender: SenderInfo): Promise<Reply> };
  /** Time accounting: heartbeats from watched pages, the popup's timer (lib/time-service.ts). */
  time?: { route(raw: unknown, sender: SenderInfo): Promise<TimeReply> };
  /** Restore a backup, erase everything: the dashboard's data panels (lib/data-service.ts). */
  data?: { route(raw: unknown, sender: SenderInfo): Promise<DataReply> };
}

/**
 * Checks who sent a message and what it says before the recorder sees it.
 * A refused message gets `{ ok: false, error }` and writes nothing.
 */
export async function routeMessage(
  raw: unknown,
  sender: SenderInfo,
  deps: RouterDeps,
): Promise<Reply | TimeReply | DataReply> {
  // Time messages have their own sender checks (any watched page, top frame only).
  if (deps.time && isTimeMessage(raw)) return deps.time.route(raw, sender);
  // Extension pages only, checked by the service; the backup text is parsed again there.
  if (deps.data && isDataMessage(raw)) return deps.data.route(raw, sender);
  // Their own sender checks: program pages in any frame, on enabled sites only.
  if (deps.programs && isProgramMessage(raw)) return deps.programs.route(raw, sender);
  const from = classifySender(sender, deps.ownId, deps.ownOrigin, isDmpWebHost);
  if (!from.ok) {
    deps.log(`refused: ${from.reason}`);
    return { ok: false, error: from.reason };
  }
  const parsed = parseMessage(raw);
  if (!parsed.ok) {
    deps.log(`refused: ${parsed.reason}`);
    return { ok: false, error: parsed.reason };
  }
  if (!senderMaySend(from.kind, parsed.message.type)) {
    const reason = `a ${from.kind} may not send ${parsed.message.type}`;
    deps.log(`refused: ${reason}`);
    return { ok: false, error: reason };
  }
  // Only the top frame of a DMP page drives the page chain.
  if (from.kind === 'dmp_page' && sender.frameId !== undefined && sender.frameId !== 0) {
    deps.log('refused: message from a sub-frame');
    return { ok: false, error: 'message from a sub-frame' };
  }
  const reply = await deps.recorder.handle(
    parsed.message,
    from.kind === 'dmp_page' ? sender.tabId : undefined,
  );
  if (!reply.ok) deps.log(`failed: ${parsed.message.type}: ${reply.error}`);
  if (parsed.message.type !== 'get_today') deps.onChange();
  return reply;
}

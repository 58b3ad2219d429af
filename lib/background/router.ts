import { bounded, parseRequest, type MessageName, type Request, type ReplyOf } from '../messaging/protocol';
import {
  checkSender,
  isThisExtension,
  type ChannelContext,
  type From,
  type SenderInfo,
} from '../messaging/channels';
import type { Failure } from '../messaging/replies';

export interface RouterDeps extends ChannelContext {
  /** The handler of a checked message (lib/background/handlers.ts). */
  handle(message: Request, from: From): Promise<ReplyOf<MessageName>>;
  /** Where refusals and failures are reported (the background's console). */
  log: (reason: string) => void;
}

/**
 * Every message to the background comes through here: the sender must be this extension, the
 * message one of the protocol's (lib/messaging/protocol.ts), from a channel its entry allows
 * (lib/messaging/channels.ts). A refused message gets `{ ok: false, error }` and writes nothing.
 */
export async function routeMessage(
  raw: unknown,
  sender: SenderInfo,
  deps: RouterDeps,
): Promise<ReplyOf<MessageName>> {
  const refuse = (reason: string): Failure => {
    const error = bounded(reason);
    deps.log(`refused: ${error}`);
    return { ok: false, error };
  };
  if (!isThisExtension(sender, deps.ownId)) return refuse('sender is not this extension');
  const parsed = parseRequest(raw);
  if (!parsed.ok) return refuse(parsed.reason);
  const checked = await checkSender(parsed.message, sender, deps);
  if (!checked.ok) return refuse(checked.reason);
  const reply = await deps.handle(parsed.message, checked.from);
  if (!reply.ok) deps.log(`failed: ${parsed.message.type}: ${bounded(reply.error)}`);
  return reply;
}

import type { EventService } from './event-service';

/** Keyboard shortcut names (manifest `commands`), changeable by the user in the browser. */
export const ADD_DEPOSIT_COMMAND = 'add-deposit';

/**
 * A shortcut pressed: "add a manual deposit" records one (class `other`: no picker can be
 * shown from a shortcut; the popup's "+1 dépôt" has the class picker). Returns whether
 * anything was recorded. Opening the popup is the browser's own `_execute_action`.
 */
export async function handleCommand(
  name: string,
  events: EventService,
  newId: () => string = () => crypto.randomUUID(),
): Promise<boolean> {
  if (name !== ADD_DEPOSIT_COMMAND) return false;
  const reply = await events.addByHand({ id: newId(), kind: 'dmp_upload', docClass: 'other' });
  return reply.ok;
}

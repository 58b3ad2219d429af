import type { MessageName, Request, ReplyOf, RequestOf } from '../messaging/protocol';
import type { From } from '../messaging/channels';
import type { DataService } from './data-service';
import type { EventService } from './event-service';
import type { ProgramService } from './program-service';
import type { Recorder } from './recorder';
import type { TimeService } from './time-service';

/** The background's services a message may reach. */
export interface Services {
  /** The DMP web access pages' chain. */
  flow: Recorder;
  /** Record, undo, redo, add by hand, today's counts. */
  events: EventService;
  /** Practice-program pages; the dashboard's sites, rules and unconfirmed attempts. */
  programs: ProgramService;
  time: TimeService;
  data: DataService;
  /** After anything that may have changed today's counts (the badge follows). */
  onChange(): void;
}

/** One handler per message; the router has checked the message and its sender already. */
export type Handlers = { [N in MessageName]: (message: RequestOf<N>, from: From) => Promise<ReplyOf<N>> };

/** A reply, then a change notice (whether or not it succeeded: the badge just reads again). */
async function thenChanged<R>(reply: Promise<R>, onChange: () => void): Promise<R> {
  try {
    return await reply;
  } finally {
    onChange();
  }
}

export function makeHandlers(s: Services): Handlers {
  const { flow, events, programs, time, data, onChange } = s;
  const tabOf = (from: From) => ('tabId' in from ? from.tabId : undefined);
  return {
    dmp_page: (m, from) => thenChanged(flow.handle(m, tabOf(from)), onChange),
    dmp_submitted: (m, from) => thenChanged(flow.handle(m, tabOf(from)), onChange),
    dmp_decision: (m, from) => thenChanged(flow.handle(m, tabOf(from)), onChange),
    get_today: () => events.today(),
    // A practice-program page's overlay: the tab's consultation and overlay follow.
    undo: (m, from) =>
      from.channel === 'program' ? programs.undo(m.id, from) : thenChanged(events.undo(m.id), onChange),
    redo: (m) => thenChanged(events.redo(m.id), onChange),
    undo_last: () => thenChanged(events.undoLast(), onChange),
    add_manual: (m, from) =>
      from.channel === 'program' ? programs.addByHand(m, from) : thenChanged(events.addByHand(m), onChange),

    engine_hello: (m, from) => (from.channel === 'program' ? programs.hello(m, from) : notFrom(from)),
    engine_attempt: (m, from) => (from.channel === 'program' ? programs.attempt(m, from) : notFrom(from)),
    engine_watch: (m, from) => (from.channel === 'program' ? programs.watch(m, from) : notFrom(from)),
    engine_encounter: (m, from) => (from.channel === 'program' ? programs.encounter(m, from) : notFrom(from)),
    picker_load: (_m, from) => (from.channel === 'program' ? programs.loadPicker(from) : notFrom(from)),
    taught_save: (m, from) => (from.channel === 'program' ? programs.saveRule(m, from) : notFrom(from)),

    site_add: (m) => programs.fromDashboard(() => programs.sites.addSite(m.host)),
    site_remove: (m) => programs.fromDashboard(() => programs.sites.removeSite(m.id)),
    site_toggle: (m) => programs.fromDashboard(() => programs.sites.toggleSite(m.id, m.enabled)),
    taught_rename: (m) => programs.fromDashboard(() => programs.sites.renameRule(m.id, m.name)),
    taught_delete: (m) => programs.fromDashboard(() => programs.sites.deleteRule(m.id)),
    unconfirmed_resolve: (m) => programs.fromDashboard(() => programs.resolveUnconfirmed(m.id, m.confirm)),

    heartbeat: (m, from) => time.handle(m, from),
    activity_stop: (m, from) => time.handle(m, from),
    timer_start: (m, from) => time.handle(m, from),
    timer_stop: (m, from) => time.handle(m, from),
    timer_state: (m, from) => time.handle(m, from),

    restore_apply: (m) => data.handle(m),
    erase_all: (m) => data.handle(m),
  };
}

/** Never reached: the protocol lets only practice-program pages send these. */
async function notFrom(from: From): Promise<{ ok: false; error: string }> {
  return { ok: false, error: `not from a ${from.channel} page` };
}

/** Hands a checked message to its handler. */
export function dispatcher(
  handlers: Handlers,
): (message: Request, from: From) => Promise<ReplyOf<MessageName>> {
  return (message, from) =>
    // One message type, one handler: TypeScript cannot pair a union's members by itself.
    (handlers[message.type] as (m: Request, f: From) => Promise<ReplyOf<MessageName>>)(message, from);
}

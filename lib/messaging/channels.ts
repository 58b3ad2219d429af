import { DMP_WEB_SITE, isDmpWebHost } from '../sites/dmp-web-pages';
import { PROTOCOL, type ChannelName, type Request } from './protocol';

/**
 * Who may send what: the sender of a message is checked here, once, against the channels its
 * protocol entry declares (lib/messaging/protocol.ts). A refusal says why in a few words; it
 * names at most the sender's origin or host, never anything the page wrote.
 */

/** Who sent a message, reduced to what the checks need (no tab title or favicon kept). */
export interface SenderInfo {
  /** The sending extension's id. */
  extensionId?: string;
  /** URL of the sending frame or page. */
  url?: string;
  tabId?: number;
  frameId?: number;
}

export type ProgramFrom = { channel: 'program'; tabId: number; site: string; host: string };
/** Where an accepted message came from: what its handler may rely on. */
export type From =
  | { channel: 'extension' }
  | { channel: 'dashboard' }
  | { channel: 'dmp'; tabId: number }
  | ProgramFrom
  | { channel: 'watched'; tabId: number; site: string };

export interface ChannelContext {
  ownId: string;
  /** The extension's own pages' origin, e.g. `chrome-extension://<id>/`. */
  ownOrigin: string;
  /** The site id of an enabled practice-program host, or undefined. */
  programSite(host: string): Promise<string | undefined>;
}

export type SenderCheck = { ok: true; from: From } | { ok: false; reason: string };

/**
 * A channel's verdict. `recognized`: the sender is this channel's kind of page, but something
 * else is wrong (a sub-frame, another site's id); that reason is the one worth giving.
 */
type Verdict = { ok: true; from: From } | { ok: false; reason: string; recognized?: boolean };
type Frames = 'top' | 'any';

const refuse = (reason: string, recognized = false): Verdict => ({ ok: false, reason, recognized });

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

const isSubFrame = (sender: SenderInfo) => sender.frameId !== undefined && sender.frameId !== 0;
const isExtensionPage = (sender: SenderInfo, ctx: ChannelContext) =>
  sender.url?.startsWith(ctx.ownOrigin) ?? false;
const isDmpPage = (url: URL, sender: SenderInfo) =>
  url.protocol === 'https:' && isDmpWebHost(url.hostname) && sender.tabId !== undefined;
const isWebUrl = (url: URL) => url.protocol === 'https:' || url.protocol === 'http:';

function extension(type: string, sender: SenderInfo, ctx: ChannelContext): Verdict {
  if (isExtensionPage(sender, ctx)) return { ok: true, from: { channel: 'extension' } };
  return refuse(`only the extension's pages may send ${type}`);
}

function dashboard(type: string, sender: SenderInfo, ctx: ChannelContext): Verdict {
  if (sender.url?.startsWith(`${ctx.ownOrigin}dashboard.html`))
    return { ok: true, from: { channel: 'dashboard' } };
  return refuse(`only the dashboard may send ${type}`);
}

function dmp(type: string, frames: Frames, sender: SenderInfo, ctx: ChannelContext): Verdict {
  if (!sender.url) return refuse('sender has no URL');
  if (isExtensionPage(sender, ctx)) return refuse(`a extension_page may not send ${type}`);
  const url = parseUrl(sender.url);
  if (!url) return refuse('sender URL malformed');
  if (!isDmpPage(url, sender)) return refuse(`sender ${url.origin} is not a matched site`);
  if (frames === 'top' && isSubFrame(sender)) return refuse(`${type} from a sub-frame`, true);
  return { ok: true, from: { channel: 'dmp', tabId: sender.tabId! } };
}

async function program(
  message: Request,
  frames: Frames,
  sender: SenderInfo,
  ctx: ChannelContext,
): Promise<Verdict> {
  if (isExtensionPage(sender, ctx)) return refuse('sender is not a web page');
  const url = parseUrl(sender.url ?? '');
  if (!url) return refuse('sender URL malformed');
  if (!isWebUrl(url)) return refuse('sender is not a web page');
  if (sender.tabId === undefined) return refuse('sender has no tab');
  const host = url.hostname.toLowerCase();
  const site = await ctx.programSite(host);
  if (!site) return refuse(`sender ${host} is not an enabled site`);
  // A practice-program page names its site: the detector and the page must agree.
  const named = 'site' in message ? message.site : undefined;
  if (named === undefined) return refuse('a practice-program page must name its site', true);
  if (named !== site) return refuse(`site ${named} does not match ${host}`, true);
  if (frames === 'top' && isSubFrame(sender)) return refuse(`${message.type} from a sub-frame`, true);
  return { ok: true, from: { channel: 'program', tabId: sender.tabId, site, host } };
}

async function watched(
  type: string,
  frames: Frames,
  sender: SenderInfo,
  ctx: ChannelContext,
): Promise<Verdict> {
  if (!sender.url || isExtensionPage(sender, ctx) || sender.tabId === undefined)
    return refuse(`${type} must come from a watched page`);
  if (frames === 'top' && isSubFrame(sender)) return refuse(`${type} from a sub-frame`, true);
  const url = parseUrl(sender.url);
  if (!url) return refuse(`${type} from a malformed URL`);
  let site: string | undefined;
  if (url.protocol === 'https:' && isDmpWebHost(url.hostname)) site = DMP_WEB_SITE;
  else if (isWebUrl(url)) site = await ctx.programSite(url.hostname.toLowerCase());
  if (!site) return refuse(`${type} from a page that is not watched`);
  return { ok: true, from: { channel: 'watched', tabId: sender.tabId, site } };
}

/** What a sender looks like, for a refusal of a message several kinds of sender may send. */
function senderKind(sender: SenderInfo, ctx: ChannelContext): string | undefined {
  if (isExtensionPage(sender, ctx)) return 'extension_page';
  const url = parseUrl(sender.url ?? '');
  return url && isDmpPage(url, sender) ? 'dmp_page' : undefined;
}

/** Whether this extension sent the message at all (before anything else is looked at). */
export function isThisExtension(sender: SenderInfo, ownId: string): boolean {
  return sender.extensionId === ownId;
}

/**
 * Checks a parsed message's sender against the channels of its protocol entry: where it came
 * from, or why it is refused.
 */
export async function checkSender(
  message: Request,
  sender: SenderInfo,
  ctx: ChannelContext,
): Promise<SenderCheck> {
  const type = message.type;
  const channels = PROTOCOL[type].from as Partial<Record<ChannelName, true | Frames>>;
  const refusals: Array<Extract<Verdict, { ok: false }>> = [];
  for (const [name, frames] of Object.entries(channels) as Array<[ChannelName, true | Frames]>) {
    const pageFrames: Frames = frames === true ? 'top' : frames;
    const verdict =
      name === 'extension'
        ? extension(type, sender, ctx)
        : name === 'dashboard'
          ? dashboard(type, sender, ctx)
          : name === 'dmp'
            ? dmp(type, pageFrames, sender, ctx)
            : name === 'program'
              ? await program(message, pageFrames, sender, ctx)
              : await watched(type, pageFrames, sender, ctx);
    if (verdict.ok) {
      // Only practice-program pages name a site: nobody else may pass one.
      if (verdict.from.channel !== 'program' && 'site' in message && message.site !== undefined)
        return { ok: false, reason: `only a practice-program page names a site in ${type}` };
      return verdict;
    }
    refusals.push(verdict);
  }
  const recognized = refusals.find((r) => r.recognized);
  if (recognized) return { ok: false, reason: recognized.reason };
  if (refusals.length === 1) return { ok: false, reason: refusals[0]!.reason };
  const kind = senderKind(sender, ctx);
  return { ok: false, reason: kind ? `a ${kind} may not send ${type}` : refusals.at(-1)!.reason };
}

/** Kinds of sender a message may come from (for documentation and tests). */
export function channelsOf(type: Request['type']): ChannelName[] {
  return Object.keys(PROTOCOL[type].from) as ChannelName[];
}

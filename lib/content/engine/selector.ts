import { accessibleText, CLICKABLE } from './dom';
import { escapePattern } from '../../domain/rules';
import { MAX_CHAIN, SIGNAL_TOKEN, type ControlSignals, type NodeSignal } from '../../domain/control-signals';

/**
 * A robust description of a taught button: a selector made of stable attributes (never a
 * generated id, never a position alone) and, when it is short interface text, its accessible
 * text as a pattern. Text that could be page data (digits, long text) is left out.
 */

/** Ids and classes made by frameworks or counters change from one load to the next. */
export function looksGenerated(token: string): boolean {
  return (
    /\d{3,}/.test(token) ||
    /[0-9a-f]{8}-?[0-9a-f]{4}/i.test(token) ||
    /^(ng-|cdk-|mat-mdc-focus|mdc-ripple|_ng|ember\d|react-|radix-|headlessui-|:r)/i.test(token) ||
    /^(active|focus|hover|selected|disabled|open|show|visible|hidden|is-|has-)/i.test(token) ||
    token.length > 40
  );
}

const STABLE_ATTRS = [
  'name',
  'data-action',
  'data-testid',
  'data-test',
  'data-qa',
  'formcontrolname',
  'type',
  'role',
];

function cssEscape(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

function ownSelector(el: Element): string {
  const tag = el.localName;
  if (el.id && !looksGenerated(el.id)) return `${tag}#${CSS.escape(el.id)}`;
  let sel = tag;
  for (const attr of STABLE_ATTRS) {
    const value = el.getAttribute(attr);
    if (value && value.length <= 40 && !looksGenerated(value)) sel += `[${attr}="${cssEscape(value)}"]`;
  }
  const classes = [...el.classList].filter((c) => !looksGenerated(c)).slice(0, 2);
  for (const c of classes) sel += `.${CSS.escape(c)}`;
  return sel;
}

/** The nearest ancestor that names a region: a stable id, a custom element, a labelled dialog. */
function anchorOf(el: Element): string | null {
  for (let node = el.parentElement, depth = 0; node && depth < 10; node = node.parentElement, depth++) {
    if (node.id && !looksGenerated(node.id)) return `#${CSS.escape(node.id)}`;
    if (node.localName.includes('-') && !looksGenerated(node.localName)) return node.localName;
    const role = node.getAttribute('role');
    if (role === 'dialog' || role === 'toolbar' || role === 'menu') return `[role="${role}"]`;
  }
  return null;
}

/** Whether text is safe to keep as a pattern: short interface wording, no numbers. */
export function isKeepableText(text: string): boolean {
  return text.length > 0 && text.length <= 40 && !/\d/.test(text);
}

export interface TaughtTarget {
  selector: string;
  text?: string;
}

/** The stable selector of a control: its nearest named region, then its own stable attributes. */
export function stableSelector(el: Element): string {
  const anchor = anchorOf(el);
  const own = ownSelector(el);
  return anchor ? `${anchor} ${own}` : own;
}

export function describeTarget(picked: Element): TaughtTarget {
  const el = picked.closest(CLICKABLE) ?? picked;
  const selector = stableSelector(el);
  const label = accessibleText(el);
  return { selector, ...(isKeepableText(label) ? { text: `^\\s*${escapePattern(label)}\\s*$` } : {}) };
}

const WORD = /^[a-z]{1,24}$/;
const keptToken = (token: string) => SIGNAL_TOKEN.test(token) && !looksGenerated(token);

/**
 * The structure around a clicked control, for the diagnostic: its stable selector and, from
 * the control up to the body, each element's tag, role, type, stable id and classes. No text
 * and no other attribute.
 */
export function controlSignals(el: Element): ControlSignals {
  const chain: NodeSignal[] = [];
  for (
    let n: Element | null = el;
    n && n.localName !== 'body' && chain.length < MAX_CHAIN;
    n = n.parentElement
  ) {
    const node: NodeSignal = { tag: /^[a-z][a-z0-9-]{0,39}$/.test(n.localName) ? n.localName : 'unknown' };
    for (const name of ['role', 'type'] as const) {
      const value = n.getAttribute(name);
      if (value && WORD.test(value)) node[name] = value;
    }
    if (keptToken(n.id)) node.id = n.id;
    const classes = [...n.classList].filter(keptToken).slice(0, 3);
    if (classes.length) node.classes = classes;
    chain.push(node);
  }
  return { selector: stableSelector(el).slice(0, 500), chain };
}

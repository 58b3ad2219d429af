import type { DocClass } from '../../domain/doc-classes';
import { docClassFromTypeValue } from '../../domain/doc-class-of-type';
import type { EventKind, EventSource } from '../../domain/events';
import {
  accessibleText,
  CLICKABLE,
  composedClosest,
  composedParent,
  containerLabel,
  isShown,
  openShadowRoots,
  routeOf,
} from './dom';
import { isSafetyNetRule, type Adapter, type Rule, type Signal } from '../../domain/rules';
import type { CarriedAttempt } from '../../messaging/replies';
import type { ControlSignals } from '../../domain/control-signals';

/**
 * The rule engine in a page: one delegated listener per event type (capture phase, trusted
 * events only), and a MutationObserver only while an attempt waits for its confirmation.
 * It reports attempts and outcomes to its host (the content script), which tells the
 * background; it stores nothing itself.
 *
 * It sees into open shadow roots: a click's real target comes from its composed path, controls
 * and containers are looked up across shadow boundaries, and the observer is attached into each
 * open shadow root too. Closed shadow roots are out of any script's reach.
 *
 * Safety-net rules (`net-…`, lib/domain/rules.ts) run behind the others: one counts only a send
 * no other rule of its kind took, on this click or while that rule's attempt waits, and it
 * gives way when such a rule fires while it waits. One send is never counted twice.
 */

export type Outcome = 'pending' | 'counted' | 'confirmed' | 'failed' | 'cancelled' | 'unconfirmed';

export interface AttemptReport {
  type: 'attempt';
  attemptId: string;
  adapterId: string;
  ruleId: string;
  kind: EventKind;
  source: EventSource;
  outcome: Outcome;
  docClass?: DocClass;
  /** From the trigger to the confirmation. */
  durationMs?: number;
  /** Pending and confirmable by a URL reached on a later page load (the background keeps it). */
  crossPage?: boolean;
  timeoutMs?: number;
  /** The clicked control's structure, for the diagnostic: on waiting and unconfirmed attempts. */
  control?: ControlSignals;
}

export interface EncounterReport {
  type: 'encounter_start';
  attemptId: string;
  adapterId: string;
  ruleId: string;
}

/** A step of a page chain held by the background (see Rule.flowStep). */
export interface FlowStepReport {
  type: 'flow_step';
  step: 'submitted' | 'accept' | 'cancel';
  attemptId: string;
  adapterId: string;
  ruleId: string;
  docClass?: DocClass;
}

export type EngineReport = AttemptReport | EncounterReport | FlowStepReport;

export interface EngineHost {
  report(report: EngineReport): void;
  /** Asks the background to tell `responseSeen` about responses matching these signals. */
  watchResponses?(
    attemptId: string,
    signals: Array<Extract<Signal, { on: 'response' }>>,
    timeoutMs: number,
    startedAt: number,
  ): void;
  /** A rule that cannot run on this page (a bad selector): reported once, then skipped. */
  problem?(adapterId: string, ruleId: string, reason: string): void;
}

export interface EngineOptions {
  doc: Document;
  adapters: readonly Adapter[];
  host: EngineHost;
  /** This page load is a reload: URL triggers do not fire again. */
  isReload?: boolean;
  now?: () => number;
  newId?: () => string;
  /** Quiet period before the page is checked after a change (one check per burst of mutations). */
  debounceMs?: number;
  /** Elements of the extension's own interface: clicks there are never the page's. */
  ownUi?: readonly string[];
  /**
   * The chosen profile's costly acts as one pattern, for rules whose text comes from it
   * (`textFrom: 'costly-acts'`); null: none count, those rules are off. Absent: their own text.
   */
  costlyPattern?: string | null;
  /**
   * Reads a clicked control's structure for the diagnostic (selector.ts, controlSignals). Passed
   * in, not imported, so that a page whose rules never wait (the DMP web access) does not carry it.
   */
  readControl?: (el: Element) => ControlSignals;
}

interface Compiled {
  adapterId: string;
  rule: Rule;
  source: EventSource;
  /** A safety-net rule: behind the adapter's own rules. */
  net: boolean;
  text?: RegExp;
  container?: RegExp;
  pages?: RegExp;
}

interface Attempt {
  id: string;
  c: Compiled;
  startedAt: number;
  docClass?: DocClass;
  control?: ControlSignals;
  seen: Map<string, Set<Element>>;
  timer: ReturnType<typeof setTimeout>;
}

const re = (source: string) => new RegExp(source, 'i');
/** What the observer watches, in the document and in each open shadow root. */
const OBSERVED: MutationObserverInit = {
  subtree: true,
  childList: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['class', 'hidden', 'style', 'aria-hidden', 'open'],
};
/** How long after a click an element may appear as its result (rules may ask for longer). */
const APPEAR_WINDOW_MS = 3000;
const MAX_SCAN = 60;

function textOf(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
}

export class RuleEngine {
  private readonly doc: Document;
  private readonly rules: Compiled[] = [];
  private readonly pending = new Map<string, Attempt>();
  private readonly host: EngineHost;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly debounceMs: number;
  private readonly ownUi: readonly string[];
  private observer: MutationObserver | null = null;
  /** Open shadow roots the observer watches (besides the document). */
  private observed = new WeakSet<ShadowRoot>();
  private candidates = new Set<Node>();
  private tickTimer: ReturnType<typeof setTimeout> | null = null;
  private appearUntil = 0;
  private readonly firedAppear = new WeakSet<Element>();
  private lastRoute: string | null = null;
  private intent: { form: HTMLFormElement; at: number } | null = null;

  constructor(private readonly options: EngineOptions) {
    this.doc = options.doc;
    this.host = options.host;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.debounceMs = options.debounceMs ?? 80;
    this.ownUi = options.ownUi ?? ['suivi-dmp-overlay', 'suivi-dmp-picker'];
    for (const adapter of options.adapters) {
      for (const rule of adapter.rules) {
        const problem = this.checkSelectors(rule);
        if (problem) {
          this.host.problem?.(adapter.id, rule.id, problem);
          continue;
        }
        const t = rule.trigger;
        const fromProfile = rule.textFrom === 'costly-acts' ? options.costlyPattern : undefined;
        if (fromProfile === null) continue;
        const text = fromProfile ?? ('text' in t ? t.text : undefined);
        this.rules.push({
          adapterId: adapter.id,
          rule,
          source: rule.id.startsWith('taught-') ? 'taught' : 'auto',
          net: isSafetyNetRule(rule.id),
          ...(text ? { text: re(text) } : {}),
          ...(t.on === 'click' && t.container ? { container: re(t.container) } : {}),
          ...(rule.pages ? { pages: re(rule.pages) } : {}),
        });
      }
    }
  }

  /** Attaches the listeners and looks at the page once (URL and elements already there). */
  start(): void {
    this.doc.addEventListener('click', this.onClick, true);
    this.doc.addEventListener('keydown', this.onKeyDown, true);
    this.doc.addEventListener('submit', this.onSubmit, true);
    this.lastRoute = this.route();
    if (!this.options.isReload) this.fireUrlTriggers(this.referrerPath());
    this.scanAppearTriggers(this.wholePage());
  }

  stop(): void {
    this.doc.removeEventListener('click', this.onClick, true);
    this.doc.removeEventListener('keydown', this.onKeyDown, true);
    this.doc.removeEventListener('submit', this.onSubmit, true);
    for (const attempt of this.pending.values()) clearTimeout(attempt.timer);
    this.pending.clear();
    this.disconnect();
  }

  /** Whether an attempt is waiting for its confirmation. */
  get waiting(): number {
    return this.pending.size;
  }

  /** The URL changed without a page load (single-page app): URL triggers and signals. */
  onUrlChange(): void {
    const route = this.route();
    if (route === this.lastRoute) return;
    const previous = this.lastRoute ?? '';
    this.lastRoute = route;
    this.fireUrlTriggers(previous);
    this.evaluateAll([]);
  }

  /** A response seen by the background for an attempt's request pattern. */
  responseSeen(attemptId: string, status: '2xx' | '4xx' | '5xx'): void {
    const attempt = this.pending.get(attemptId);
    if (!attempt) return;
    const matches = (signals?: Signal[]) =>
      signals?.some((s) => s.on === 'response' && s.status === status) ?? false;
    const confirm = attempt.c.rule.confirm!;
    if (matches(confirm.failure)) this.finish(attempt, 'failed');
    else if (matches(confirm.success)) this.finish(attempt, 'confirmed');
  }

  /**
   * Attempts left pending by the previous page of this tab: the page now reached says whether
   * they succeeded (a URL signal). Returns the ids it settled.
   */
  resume(carried: readonly CarriedAttempt[]): string[] {
    const settled: string[] = [];
    const route = this.route();
    for (const item of carried) {
      const c = this.rules.find((r) => r.adapterId === item.adapterId && r.rule.id === item.ruleId);
      const confirm = c?.rule.confirm;
      if (!c || !confirm) continue;
      const urlHit = (signals?: Signal[]) =>
        signals?.some((s) => s.on === 'url' && re(s.path).test(route)) ?? false;
      const outcome: Outcome | null = urlHit(confirm.failure)
        ? 'failed'
        : urlHit(confirm.success)
          ? 'confirmed'
          : urlHit(confirm.cancel)
            ? 'cancelled'
            : null;
      if (!outcome) continue;
      settled.push(item.attemptId);
      this.host.report({
        type: 'attempt',
        attemptId: item.attemptId,
        adapterId: item.adapterId,
        ruleId: item.ruleId,
        kind: c.rule.event!,
        source: c.source,
        outcome,
        ...(item.docClass ? { docClass: item.docClass } : {}),
        durationMs: Math.max(0, this.now() - item.startedAt),
      });
    }
    return settled;
  }

  // --- listeners -------------------------------------------------------------------------

  private readonly onClick = (event: MouseEvent) => {
    if (!event.isTrusted || this.fromOwnUi(event)) return;
    const target = (event.composedPath()[0] ?? event.target) as Element | null;
    if (!target || typeof (target as Element).closest !== 'function') return;
    // What the page showed before this click is judged before the click is (a quick user can
    // click "Envoyer" again, or "Annuler", within the debounce).
    this.flush();
    // A submit is the user's when their trusted click on one of its submit buttons came first.
    const submitter = target.closest('button, input[type="submit"], input[type="image"]') as
      HTMLButtonElement | HTMLInputElement | null;
    if (submitter && (submitter.type === 'submit' || submitter.type === 'image') && submitter.form)
      this.intent = { form: submitter.form, at: this.now() };
    this.clickSignals(target);
    // One rule per kind for a click, the adapter's own rules before the safety net's.
    const fired = new Set<string>();
    for (const net of [false, true]) {
      for (const c of this.rules) {
        if (c.net !== net || c.rule.trigger.on !== 'click' || !this.onPage(c)) continue;
        const control = this.matchClick(c, target);
        if (!control) continue;
        const key = c.rule.flowStep ? 'flow' : (c.rule.event ?? 'encounter-start');
        if (fired.has(key)) continue;
        fired.add(key);
        this.trigger(c, control);
      }
    }
    const windowMs = this.appearWindow();
    if (windowMs > 0) {
      this.appearUntil = Math.max(this.appearUntil, this.now() + windowMs);
      this.connect();
    }
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.key !== 'Enter' || this.fromOwnUi(event)) return;
    const form = (event.target as Element | null)?.closest?.('form');
    if (form) this.intent = { form, at: this.now() };
  };

  private readonly onSubmit = (event: SubmitEvent) => {
    const form = event.target as HTMLFormElement;
    // A submit is the user's only if their trusted click or Enter in this form came just before.
    const trusted =
      event.isTrusted &&
      this.intent !== null &&
      this.intent.form === form &&
      this.now() - this.intent.at < 2000;
    this.intent = null;
    if (!trusted) return;
    for (const c of this.rules) {
      const t = c.rule.trigger;
      if (t.on !== 'submit' || !this.onPage(c)) continue;
      if (t.selector && !this.safeMatches(form, t.selector)) continue;
      this.trigger(c, form);
      break;
    }
  };

  // --- triggers --------------------------------------------------------------------------

  private matchClick(c: Compiled, target: Element): Element | null {
    const t = c.rule.trigger as Extract<Rule['trigger'], { on: 'click' }>;
    const control = this.safeClosest(target, t.selector ?? CLICKABLE);
    if (!control) return null;
    if (c.text && !c.text.test(accessibleText(control))) return null;
    if (c.container && !c.container.test(containerLabel(control, 8, t.elementNames !== false))) return null;
    if (t.checked && !this.isChecked(t.checked)) return null;
    return control;
  }

  /** The longest appear window among the appear rules of this page (0: none). */
  private appearWindow(): number {
    let longest = 0;
    for (const c of this.rules) {
      const t = c.rule.trigger;
      if (t.on === 'appear' && this.onPage(c)) longest = Math.max(longest, t.windowMs ?? APPEAR_WINDOW_MS);
    }
    return longest;
  }

  /** `previous`: the path of the page or route before this one ('' when unknown or another site). */
  private fireUrlTriggers(previous: string): void {
    const route = this.route();
    for (const c of this.rules) {
      const t = c.rule.trigger;
      if (t.on !== 'url' || !re(t.path).test(route) || !this.onPage(c)) continue;
      if (t.notFrom && re(t.notFrom).test(previous)) continue;
      this.trigger(c, this.doc.documentElement);
    }
  }

  /** The path of the same-origin page that led here (a referrer from another site says nothing). */
  private referrerPath(): string {
    try {
      const from = new URL(this.doc.referrer);
      const here = this.doc.location;
      return here && from.origin === here.origin ? routeOf(from) : '';
    } catch {
      return '';
    }
  }

  /** Whether a checkbox matching `selector` is checked (the input itself, or one inside it). */
  private isChecked(selector: string): boolean {
    for (const el of Array.from(this.safeQueryAll(this.doc.documentElement, selector))) {
      const box = el.localName === 'input' ? el : el.querySelector('input[type="checkbox"]');
      if ((box as HTMLInputElement | null)?.checked) return true;
    }
    return false;
  }

  private scanAppearTriggers(roots: readonly Node[]): void {
    for (const c of this.rules) {
      const t = c.rule.trigger;
      if (t.on !== 'appear' || !this.onPage(c)) continue;
      if (t.checked && !this.isChecked(t.checked)) continue;
      for (const el of this.collect(roots, t.selector)) {
        if (this.firedAppear.has(el) || !isShown(el) || (c.text && !c.text.test(textOf(el)))) continue;
        this.firedAppear.add(el);
        this.trigger(c, el);
        break;
      }
    }
  }

  private trigger(c: Compiled, control: Element): void {
    const { rule } = c;
    const attemptId = this.newId();
    if (rule.startsEncounter)
      this.host.report({ type: 'encounter_start', attemptId, adapterId: c.adapterId, ruleId: rule.id });
    if (rule.flowStep) {
      const docClass = this.readDocClass(rule, control);
      this.host.report({
        type: 'flow_step',
        step: rule.flowStep,
        attemptId,
        adapterId: c.adapterId,
        ruleId: rule.id,
        ...(docClass ? { docClass } : {}),
      });
      return;
    }
    if (!rule.event) return;
    // The same rule already waiting (a confirmation dialog's own "Envoyer"): one attempt, not two.
    for (const attempt of this.pending.values()) if (attempt.c === c) return;
    if (c.net) {
      // Another rule, or the net itself, already follows a send of this kind: one attempt.
      for (const attempt of this.pending.values()) if (attempt.c.rule.event === rule.event) return;
    } else {
      // The net caught an earlier step of what this rule now follows (the button that opened a
      // panel, say): the rule takes over, the net's attempt counts nothing.
      for (const attempt of [...this.pending.values()])
        if (attempt.c.net && attempt.c.rule.event === rule.event) this.finish(attempt, 'cancelled');
    }
    const docClass = this.readDocClass(rule, control);
    const base = {
      type: 'attempt',
      attemptId,
      adapterId: c.adapterId,
      ruleId: rule.id,
      kind: rule.event,
      source: c.source,
      ...(docClass ? { docClass } : {}),
    } as const;
    if (!rule.confirm) {
      this.host.report({ ...base, outcome: 'counted' });
      return;
    }
    const confirm = rule.confirm;
    // Read now, while the clicked control is there: the page may redraw it before the time-out.
    const signals =
      rule.trigger.on === 'click' || rule.trigger.on === 'submit'
        ? this.options.readControl?.(control)
        : undefined;
    const attempt: Attempt = {
      id: attemptId,
      c,
      startedAt: this.now(),
      ...(docClass ? { docClass } : {}),
      control: signals,
      seen: new Map(),
      timer: setTimeout(() => this.finish(attempt, 'unconfirmed'), confirm.timeoutMs),
    };
    this.pending.set(attemptId, attempt);
    const all = [...confirm.success, ...(confirm.failure ?? []), ...(confirm.cancel ?? [])];
    const crossPage = all.some((s) => s.on === 'url');
    this.host.report({
      ...base,
      outcome: 'pending',
      crossPage,
      timeoutMs: confirm.timeoutMs,
      control: signals,
    });
    const responses = all.filter((s): s is Extract<Signal, { on: 'response' }> => s.on === 'response');
    if (responses.length)
      this.host.watchResponses?.(attemptId, responses, confirm.timeoutMs, attempt.startedAt);
    // A spinner already shown by the time the page handled the click counts as seen.
    this.noteSpinners(attempt, this.wholePage());
    this.connect();
  }

  private readDocClass(rule: Rule, control: Element): DocClass | undefined {
    const from = rule.docClass;
    if (!from) return undefined;
    if (from.from === 'fixed') return from.docClass;
    // The nearest one to the acted-on control: each panel has its own type select.
    let el: Element | null = null;
    for (let node: Element | null = control; node && !el; node = composedParent(node))
      el = this.safeQuery(node, from.selector);
    if (!el && from.from === 'select') {
      const route = this.route();
      return from.pageClasses?.find((p) => re(p.path).test(route))?.docClass ?? 'other';
    }
    if (!el) return 'other';
    // Only the type's value or label is read: never a title, a name or a file.
    if (from.from === 'text') return docClassFromTypeValue(textOf(el).slice(0, 120));
    const select = el as HTMLSelectElement;
    const byValue = docClassFromTypeValue(select.value ?? el.getAttribute('value'));
    if (byValue !== 'other') return byValue;
    // A program's own codes as values: the chosen option's label may still name a known type.
    const option = select.selectedOptions?.[0];
    return option ? docClassFromTypeValue(textOf(option).slice(0, 120)) : 'other';
  }

  // --- confirmation ----------------------------------------------------------------------

  private clickSignals(target: Element): void {
    for (const attempt of [...this.pending.values()]) {
      const confirm = attempt.c.rule.confirm!;
      const hit = (signals?: Signal[]) =>
        signals?.some((s) => {
          if (s.on !== 'click') return false;
          const control = this.safeClosest(target, s.selector ?? CLICKABLE);
          return control !== null && (!s.text || re(s.text).test(accessibleText(control)));
        }) ?? false;
      if (hit(confirm.cancel)) this.finish(attempt, 'cancelled');
      else if (hit(confirm.failure)) this.finish(attempt, 'failed');
      else if (hit(confirm.success)) this.finish(attempt, 'confirmed');
    }
  }

  /**
   * Judges at once the changes waiting for the debounce: before a click, and when the page is
   * being left (`pagehide`), so a confirmation shown just before never gets lost.
   */
  flush(): void {
    if (!this.observer) return;
    for (const r of this.observer.takeRecords()) this.note(r);
    if (this.candidates.size === 0) return;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.tick();
  }

  private tick(): void {
    const nodes = [...this.candidates];
    this.candidates.clear();
    this.evaluateAll(nodes);
    if (this.now() < this.appearUntil) this.scanAppearTriggers(nodes);
    if (this.pending.size === 0 && this.now() >= this.appearUntil) this.disconnect();
  }

  /**
   * What a mutation makes new: added nodes, a changed text, an element whose attributes
   * changed. Not the parent of an added node as a whole: rescanning it would let a message
   * shown earlier (an old toast) confirm a new attempt.
   */
  private note(r: MutationRecord): void {
    if (r.type === 'childList')
      r.addedNodes.forEach((n) => {
        this.candidates.add(n);
        // A component added with its shadow root: watch inside it too.
        if (n.nodeType === 1) this.observeShadows(n as Element);
      });
    else if (r.type === 'characterData') this.candidates.add(r.target);
    else if (r.target !== this.doc.documentElement && r.target !== this.doc.body)
      this.candidates.add(r.target);
  }

  private connect(): void {
    if (this.observer) return;
    const View = this.doc.defaultView?.MutationObserver ?? MutationObserver;
    this.observer = new View((records) => {
      for (const r of records) this.note(r);
      this.schedule();
    });
    this.observer.observe(this.doc.documentElement, OBSERVED);
    this.observeShadows(this.doc.documentElement);
  }

  /** Attaches the observer into the open shadow roots at or under `root` not yet watched. */
  private observeShadows(root: Element): void {
    if (!this.observer) return;
    for (const shadow of openShadowRoots(root, this.ownUi)) {
      if (this.observed.has(shadow)) continue;
      this.observed.add(shadow);
      this.observer.observe(shadow, OBSERVED);
    }
  }

  private disconnect(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.observed = new WeakSet();
    this.candidates.clear();
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = null;
  }

  private schedule(): void {
    if (this.tickTimer) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = null;
      this.tick();
    }, this.debounceMs);
  }

  private evaluateAll(nodes: readonly Node[]): void {
    // Nodes changed in this burst: what is new on the page since the last check. One message
    // confirms one attempt: two sends waiting together need two messages.
    const used = new Set<Element>();
    for (const attempt of [...this.pending.values()]) {
      this.noteSpinners(attempt, nodes);
      const confirm = attempt.c.rule.confirm!;
      if (this.signalsHit(attempt, confirm.cancel, nodes, used)) this.finish(attempt, 'cancelled');
      else if (this.signalsHit(attempt, confirm.failure, nodes, used)) this.finish(attempt, 'failed');
      else if (this.signalsHit(attempt, confirm.success, nodes, used)) this.finish(attempt, 'confirmed');
    }
  }

  private signalsHit(
    attempt: Attempt,
    signals: Signal[] | undefined,
    nodes: readonly Node[],
    used: Set<Element>,
  ): boolean {
    if (!signals) return false;
    for (const [i, s] of signals.entries()) {
      if (s.on === 'url' && re(s.path).test(this.route())) return true;
      if (s.on === 'disappear') {
        const seen = attempt.seen.get(`${i}:${s.selector}`) ?? attempt.seen.get(s.selector);
        if (seen && seen.size > 0 && [...seen].every((el) => !isShown(el))) return true;
      }
      if (s.on === 'appear') {
        const text = s.text ? re(s.text) : null;
        for (const el of this.collect(nodes, s.selector)) {
          if (used.has(el) || !isShown(el) || this.isOwnUi(el)) continue;
          if (text && !text.test(textOf(el))) continue;
          used.add(el);
          return true;
        }
      }
    }
    return false;
  }

  /** Remembers the shown elements of `disappear` signals (spinners) met after the trigger. */
  private noteSpinners(attempt: Attempt, nodes: readonly Node[]): void {
    const confirm = attempt.c.rule.confirm!;
    for (const s of [...confirm.success, ...(confirm.failure ?? []), ...(confirm.cancel ?? [])]) {
      if (s.on !== 'disappear') continue;
      let seen = attempt.seen.get(s.selector);
      for (const el of this.collect(nodes, s.selector)) {
        if (!isShown(el)) continue;
        if (!seen) attempt.seen.set(s.selector, (seen = new Set()));
        seen.add(el);
      }
    }
  }

  private finish(attempt: Attempt, outcome: Outcome): void {
    if (!this.pending.delete(attempt.id)) return;
    clearTimeout(attempt.timer);
    const c = attempt.c;
    this.host.report({
      type: 'attempt',
      attemptId: attempt.id,
      adapterId: c.adapterId,
      ruleId: c.rule.id,
      kind: c.rule.event!,
      source: c.source,
      outcome,
      ...(attempt.docClass ? { docClass: attempt.docClass } : {}),
      ...(outcome === 'unconfirmed' && { control: attempt.control }),
      durationMs: Math.max(0, this.now() - attempt.startedAt),
    });
    if (this.pending.size === 0 && this.now() >= this.appearUntil) this.disconnect();
  }

  // --- helpers ---------------------------------------------------------------------------

  /** The document and its open shadow roots: where a check of the whole page looks. */
  private wholePage(): Node[] {
    return [this.doc.documentElement, ...openShadowRoots(this.doc.documentElement, this.ownUi)];
  }

  /** Elements matching `selector` at or above each changed node, and inside added subtrees. */
  private collect(nodes: readonly Node[], selector: string): Element[] {
    const found = new Set<Element>();
    for (const node of nodes) {
      if (node.nodeType === 11) {
        // A whole shadow root (a check of the whole page): what it holds.
        const within = this.safeQueryAll(node as ShadowRoot, selector);
        for (let i = 0; i < within.length && i < MAX_SCAN; i++) found.add(within[i]!);
        continue;
      }
      const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
      if (!el || !el.isConnected) continue;
      // Within the node's own tree: a change inside a component does not make its host new.
      const up = this.safeClosest(el, selector, false);
      if (up) found.add(up);
      // A changed text says something about its own element only, not about its siblings.
      if (node.nodeType !== 1) continue;
      const within = this.safeQueryAll(el, selector);
      for (let i = 0; i < within.length && i < MAX_SCAN; i++) found.add(within[i]!);
      if (found.size > MAX_SCAN) break;
    }
    return [...found];
  }

  private route(): string {
    return routeOf(this.doc.location ?? { pathname: '/', hash: '' });
  }

  private onPage(c: Compiled): boolean {
    return !c.pages || c.pages.test(this.route());
  }

  private fromOwnUi(event: Event): boolean {
    return event
      .composedPath()
      .some((n) => n instanceof Object && 'localName' in n && this.ownUi.includes((n as Element).localName));
  }

  private isOwnUi(el: Element): boolean {
    return this.ownUi.some((name) => composedClosest(el, name) !== null);
  }

  private checkSelectors(rule: Rule): string | null {
    const selectors: string[] = [];
    const t = rule.trigger;
    if ((t.on === 'click' || t.on === 'submit' || t.on === 'appear') && t.selector)
      selectors.push(t.selector);
    if ((t.on === 'click' || t.on === 'appear') && t.checked) selectors.push(t.checked);
    const c = rule.confirm;
    for (const s of [...(c?.success ?? []), ...(c?.failure ?? []), ...(c?.cancel ?? [])]) {
      if ('selector' in s && s.selector) selectors.push(s.selector);
    }
    if (rule.docClass && rule.docClass.from !== 'fixed') selectors.push(rule.docClass.selector);
    for (const selector of selectors) {
      try {
        this.doc.createDocumentFragment().querySelector(selector);
      } catch {
        return `invalid selector ${selector}`;
      }
    }
    return null;
  }

  /** `closest`, across shadow boundaries unless `composed` is false; null for a bad selector. */
  private safeClosest(el: Element, selector: string, composed = true): Element | null {
    try {
      return composed ? composedClosest(el, selector) : el.closest(selector);
    } catch {
      return null;
    }
  }

  private safeMatches(el: Element, selector: string): boolean {
    try {
      return el.matches(selector);
    } catch {
      return false;
    }
  }

  private safeQuery(el: Element, selector: string): Element | null {
    try {
      return el.querySelector(selector);
    } catch {
      return null;
    }
  }

  private safeQueryAll(el: ParentNode, selector: string): ArrayLike<Element> {
    try {
      return el.querySelectorAll(selector);
    } catch {
      return [];
    }
  }
}

import { afterEach, expect, vi } from 'vitest';
import { loadAdapters, type Adapter } from '@/lib/domain/rules';
import { RuleEngine, type EngineOptions, type EngineReport } from '@/lib/content/engine/runtime';

/**
 * What the rule engine's unit tests share (happy-dom): events marked trusted as a user's are,
 * one engine at a time on the test document, and its reports written as short strings.
 */

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Marks an event as the browser marks a user's (happy-dom's own are untrusted). */
export function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

/** A user's click on an element. */
export function trustedClick(el: Element): void {
  el.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })));
}

/** Loads raw adapter data, expecting no problem in it. */
export function loadedAdapter(raw: unknown): Adapter {
  const { adapters, problems } = loadAdapters([raw]);
  expect(problems).toEqual([]);
  return adapters[0]!;
}

/** One report as a test reads it: `rule:outcome[:class]`, `rule:step[:class]` or `rule:encounter` (a consultation started). */
export function describeReport(r: EngineReport): string {
  const docClass = 'docClass' in r && r.docClass ? `:${r.docClass}` : '';
  if (r.type === 'attempt') return `${r.ruleId}:${r.outcome}${docClass}`;
  if (r.type === 'flow_step') return `${r.ruleId}:${r.step}${docClass}`;
  return `${r.ruleId}:encounter`;
}

export interface RunningEngine {
  engine: RuleEngine;
  reports: EngineReport[];
  /** Every report, described. */
  all(): string[];
  /** The attempts' outcomes only. */
  attempts(): string[];
  /** The DMP web access's flow steps only. */
  steps(): string[];
}

/**
 * Registers the clean-up (the engine stopped, the document emptied, the URL and referrer reset,
 * real timers back) and returns `start`, which runs one engine on the test document with a
 * short debounce and numbered attempt ids.
 */
export function engineFixture(): {
  start(adapters: readonly Adapter[], options?: Partial<EngineOptions>): RunningEngine;
  /** The engine the test started last. */
  current(): RuleEngine;
} {
  let engine: RuleEngine | null = null;
  afterEach(() => {
    engine?.stop();
    engine = null;
    vi.useRealTimers();
    document.body.innerHTML = '';
    Object.defineProperty(document, 'referrer', { value: '', configurable: true });
    history.replaceState({}, '', '/');
  });
  return {
    start(adapters, options = {}) {
      const reports: EngineReport[] = [];
      let n = 0;
      const started = new RuleEngine({
        doc: document,
        adapters,
        host: { report: (r) => reports.push(r) },
        newId: () => `attempt-${++n}`,
        debounceMs: 10,
        ...options,
      });
      engine = started;
      started.start();
      const only = (type: EngineReport['type']) => reports.filter((r) => r.type === type).map(describeReport);
      return {
        engine: started,
        reports,
        all: () => reports.map(describeReport),
        attempts: () => only('attempt'),
        steps: () => only('flow_step'),
      };
    },
    current() {
      if (!engine) throw new Error('no engine started in this test');
      return engine;
    },
  };
}

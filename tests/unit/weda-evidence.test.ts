import { describe, expect, it } from 'vitest';
import { isSafetyNetRule } from '@/lib/domain/rules';
import { WEDA_ADAPTER } from '@/lib/sites/weda';
import { CORPUS } from '../fixtures/programs/corpus';
import { pageEvidence, tagCounts, wedaTagCounts } from '../fixtures/programs/evidence';

/** What a rule relies on: each trigger condition, each confirmation signal, its type source. */
function signalsOf(rule: (typeof WEDA_ADAPTER.rules)[number]): number {
  const t = rule.trigger as Record<string, unknown>;
  const trigger = ['selector', 'text', 'path', 'notFrom', 'checked', 'container', 'windowMs'].filter(
    (k) => t[k] !== undefined,
  ).length;
  const c = (rule as { confirm?: Record<string, unknown[] | number> }).confirm;
  const confirm = c
    ? ['success', 'failure', 'cancel'].reduce((n, k) => n + ((c[k] as unknown[] | undefined)?.length ?? 0), 0)
    : 0;
  return trigger + confirm + ('docClass' in rule ? 1 : 0);
}

describe('the Weda adapter names its evidence', () => {
  const tags = wedaTagCounts();

  it('every rule carries one tag (evidence or supposition) per signal at least', () => {
    // The adapter's rules from their tags, the safety net's as suppositions.
    expect([...tags.keys()].filter((id) => !isSafetyNetRule(id)).sort()).toEqual(
      WEDA_ADAPTER.rules.map((r) => r.id).sort(),
    );
    for (const [id, c] of tags) if (isSafetyNetRule(id)) expect(c.evidenced, id).toBe(0);
    expect(tags.get('net-deposit-own-label')).toEqual({ evidenced: 0, supposed: 7 });
    for (const rule of WEDA_ADAPTER.rules) {
      const c = tags.get(rule.id)!;
      expect(c.evidenced + c.supposed, rule.id).toBeGreaterThanOrEqual(signalsOf(rule));
    }
  });

  it('reads tags by rule, and sums them for a corpus page', () => {
    const source = `rules: [
      {
        id: 'one',
        // evidence: Refhi/Weda-Helper src/a.js c75cbe72f0
        path: 'x',
        // supposition: nothing shows it
        text: 'y' },
      {
        id: 'two',
        // evidence: Refhi/Weda-Helper a.js 99a58bcfc2 (old)
        selector: 'z' },`;
    const counts = tagCounts(source);
    expect(Object.fromEntries(counts)).toEqual({
      one: { evidenced: 1, supposed: 1 },
      two: { evidenced: 1, supposed: 0 },
    });
    expect(pageEvidence(['one', 'two'], counts)).toBe('2 / 1');
    expect(pageEvidence(undefined, counts)).toBe('—');
    expect(() => pageEvidence(['three'], counts)).toThrow(/unknown/);
  });

  it('each Weda corpus page names the rules it exercises, and each rule is exercised', () => {
    const weda = CORPUS.filter((p) => p.host === 'secure.weda.fr');
    for (const p of weda) expect(() => pageEvidence(p.rules, tags), p.id).not.toThrow();
    for (const p of weda) expect(p.rules?.length, p.id).toBeGreaterThan(0);
    const exercised = new Set(weda.flatMap((p) => p.rules ?? []));
    // The WeDoc preview has no corpus page: tests/unit/weda-adapter.test.ts covers it.
    for (const rule of WEDA_ADAPTER.rules)
      if (rule.id !== 'share-on-return-wedoc') expect(exercised.has(rule.id), rule.id).toBe(true);
  });
});

import { accessibleText, CLICKABLE } from '@/lib/content/engine/dom';

/**
 * "Tester sur la page": outlines for a few seconds the elements a taught rule would act on,
 * in a closed shadow layer, and says how many there are. Nothing is clicked or counted.
 */
export function flashMatches(doc: Document, rule: { selector?: string; text?: string }, ms = 4000): number {
  let candidates: Element[];
  try {
    candidates = [...doc.querySelectorAll(rule.selector ?? CLICKABLE)];
  } catch {
    return 0;
  }
  const text = rule.text ? new RegExp(rule.text, 'i') : null;
  const found = candidates.filter((el) => !text || text.test(accessibleText(el)));
  if (found.length === 0) return 0;
  const host = doc.createElement('suivi-dmp-picker');
  const shadow = host.attachShadow({ mode: 'closed' });
  for (const el of found) {
    const r = el.getBoundingClientRect();
    const box = doc.createElement('div');
    box.style.cssText = `position:fixed;left:${r.left - 3}px;top:${r.top - 3}px;width:${r.width + 6}px;height:${r.height + 6}px;border:3px solid #16a34a;border-radius:6px;pointer-events:none;z-index:2147483647`;
    shadow.append(box);
  }
  doc.documentElement.append(host);
  setTimeout(() => host.remove(), ms);
  return found.length;
}

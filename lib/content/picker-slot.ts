import type { Taught } from './program-page';

/** What `entrypoints/picker.ts` provides: the button picker and the taught-rule test. */
export interface TeachingTools {
  /** "Apprendre un bouton" (components/picker/picker.ts). */
  pick(doc: Document): Promise<Taught | null>;
  /** "Tester sur la page" (components/picker/test-rule.ts): how many elements the rule matches. */
  flash(doc: Document, rule: { selector?: string; text?: string }): number;
}

/**
 * The teaching tools are not part of the practice-program content script: every page of the
 * program would load them for the rare moment a doctor teaches or tests a button (and the
 * script has a size budget, tests/support/bundle-sizes.ts). The background injects
 * `picker.js` into the tab's top frame when asked; it runs in the content script's own
 * isolated world and leaves the tools in this slot, which the page cannot see.
 */
const slot = globalThis as { __suiviDmpTeaching?: TeachingTools };

export function provideTeachingTools(tools: TeachingTools): void {
  slot.__suiviDmpTeaching = tools;
}

/** The tools, injected on first use through `load` (asks the background). */
export async function loadTeachingTools(
  load: () => Promise<{ ok: boolean; error?: string }>,
): Promise<TeachingTools> {
  if (!slot.__suiviDmpTeaching) {
    const reply = await load();
    if (!reply.ok) throw new Error(reply.error ?? 'picker not loaded');
  }
  const tools = slot.__suiviDmpTeaching;
  if (!tools) throw new Error('picker not loaded');
  return tools;
}

import type { Taught } from './program-page';

/** The button picker: what `components/picker/picker.ts` exports. */
export type Picker = (doc: Document) => Promise<Taught | null>;

/**
 * The picker is not part of the practice-program content script: every page of the program
 * would load it for the rare moment a doctor teaches a button (and the script has a size
 * budget, tests/support/bundle-sizes.ts). The background injects `picker.js` into the tab's
 * top frame when asked; it runs in the content script's own isolated world and leaves the
 * picker in this slot, which the page cannot see.
 */
const slot = globalThis as { __suiviDmpPicker?: Picker };

export function providePicker(picker: Picker): void {
  slot.__suiviDmpPicker = picker;
}

/** The picker, injected on first use through `load` (asks the background). */
export async function loadPicker(load: () => Promise<{ ok: boolean; error?: string }>): Promise<Picker> {
  if (!slot.__suiviDmpPicker) {
    const reply = await load();
    if (!reply.ok) throw new Error(reply.error ?? 'picker not loaded');
  }
  const picker = slot.__suiviDmpPicker;
  if (!picker) throw new Error('picker not loaded');
  return picker;
}

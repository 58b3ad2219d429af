import { describe, expect, it, vi } from 'vitest';
import { loadPicker, providePicker } from '@/lib/content/picker-slot';

describe('picker slot', () => {
  it('asks the background once; the injected script fills the slot; a refusal is an error', async () => {
    const refused = vi.fn(async () => ({ ok: false, error: 'picker_unavailable' }));
    await expect(loadPicker(refused)).rejects.toThrow('picker_unavailable');
    // An "ok" that left the slot empty (the script did not run) is an error too.
    await expect(loadPicker(async () => ({ ok: true }))).rejects.toThrow('picker not loaded');

    const picker = vi.fn(async () => null);
    const load = vi.fn(async () => {
      providePicker(picker); // what entrypoints/picker.ts does when injected
      return { ok: true };
    });
    expect(await loadPicker(load)).toBe(picker);
    expect(await loadPicker(load)).toBe(picker);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

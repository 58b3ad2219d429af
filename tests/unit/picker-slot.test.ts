import { describe, expect, it, vi } from 'vitest';
import { loadTeachingTools, provideTeachingTools } from '@/lib/content/picker-slot';

describe('teaching tools slot', () => {
  it('asks the background once; the injected script fills the slot; a refusal is an error', async () => {
    const refused = vi.fn(async () => ({ ok: false, error: 'picker_unavailable' }));
    await expect(loadTeachingTools(refused)).rejects.toThrow('picker_unavailable');
    // An "ok" that left the slot empty (the script did not run) is an error too.
    await expect(loadTeachingTools(async () => ({ ok: true }))).rejects.toThrow('picker not loaded');

    const tools = { pick: vi.fn(async () => null), flash: vi.fn(() => 0) };
    const load = vi.fn(async () => {
      provideTeachingTools(tools); // what entrypoints/picker.ts does when injected
      return { ok: true };
    });
    expect(await loadTeachingTools(load)).toBe(tools);
    expect(await loadTeachingTools(load)).toBe(tools);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

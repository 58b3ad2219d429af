import { describe, expect, it, vi } from 'vitest';
import { pageMessageListener, type PageHandlers } from '@/lib/content/page-messages';

const OWN = 'own-extension-id';
const ATTEMPT = 'attempt-0001';

function setup() {
  const handlers = {
    overlay_push: vi.fn(),
    response_seen: vi.fn(),
    start_picker: vi.fn(),
    test_rule: vi.fn(() => ({ found: 3 })),
  } satisfies PageHandlers;
  return { handlers, listen: pageMessageListener(OWN, handlers) };
}

describe('messages pushed to a page', () => {
  it('hands each message to its handler; only test_rule answers', async () => {
    const { handlers, listen } = setup();
    const from = { id: OWN };
    expect(listen({ type: 'response_seen', attemptId: ATTEMPT, status: '2xx' }, from)).toBeUndefined();
    expect(handlers.response_seen).toHaveBeenCalledWith({
      type: 'response_seen',
      attemptId: ATTEMPT,
      status: '2xx',
    });
    expect(listen({ type: 'start_picker' }, from)).toBeUndefined();
    expect(handlers.start_picker).toHaveBeenCalledTimes(1);
    expect(listen({ type: 'overlay_push', depositsToday: 2, waiting: true }, from)).toBeUndefined();
    expect(handlers.overlay_push).toHaveBeenCalledWith({
      type: 'overlay_push',
      depositsToday: 2,
      waiting: true,
    });
    await expect(listen({ type: 'test_rule', selector: '#send' }, from)).resolves.toEqual({ found: 3 });
    expect(handlers.test_rule).toHaveBeenCalledWith({ type: 'test_rule', selector: '#send' });
  });

  it("ignores another extension, any tab's content script, and messages of the wrong shape", () => {
    const { handlers, listen } = setup();
    const push = { type: 'overlay_push', depositsToday: 1 };
    expect(listen(push, { id: 'someone-else' })).toBeUndefined();
    expect(listen(push, {})).toBeUndefined();
    expect(listen(push, { id: OWN, tab: { id: 3 } })).toBeUndefined();
    expect(listen({ type: 'overlay_push', depositsToday: -1 }, { id: OWN })).toBeUndefined();
    expect(listen({ type: 'response_seen', attemptId: ATTEMPT, status: '3xx' }, { id: OWN })).toBeUndefined();
    expect(listen({ type: 'engine_hello' }, { id: OWN })).toBeUndefined();
    expect(listen('start_picker', { id: OWN })).toBeUndefined();
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });
});

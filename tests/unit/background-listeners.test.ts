import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listen } from '@/lib/background/listeners';
import type { BackgroundServices } from '@/lib/background/services';
import { ADD_DEPOSIT_COMMAND } from '@/lib/background/commands';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Services that record what reaches them. */
function fakeServices() {
  const events = {
    today: vi.fn(async () => ({ ok: true, today: { dmp_upload: 2 } })),
    addByHand: vi.fn(async () => ({ ok: true })),
  };
  const recorder = { forgetTab: vi.fn(async () => undefined) };
  const programs = {
    forgetTab: vi.fn(async () => undefined),
    responseCompleted: vi.fn(),
    sites: { programSite: vi.fn(async () => undefined) },
  };
  const services = {
    events: Promise.resolve(events),
    recorder: Promise.resolve(recorder),
    programs: Promise.resolve(programs),
    time: Promise.resolve({}),
    data: Promise.resolve({}),
  } as unknown as BackgroundServices;
  return { services, events, recorder, programs };
}

/** Listeners the fake browser cannot trigger, caught as they are added. */
function catchListener<T extends (...args: never[]) => unknown>(event: {
  addListener: (l: T, ...rest: never[]) => void;
}) {
  const caught: { listener?: T; args?: unknown[] } = {};
  vi.spyOn(event, 'addListener').mockImplementation(((listener: T, ...args: unknown[]) => {
    caught.listener = listener;
    caught.args = args;
  }) as never);
  return caught;
}

function setup() {
  const fakes = fakeServices();
  const onChange = vi.fn();
  const command = catchListener(fakeBrowser.commands.onCommand);
  const response = catchListener(fakeBrowser.webRequest.onCompleted);
  listen(fakes.services, onChange);
  return { ...fakes, onChange, command, response };
}

describe("the background's listeners", () => {
  it('are all registered at once, before any service is ready', () => {
    const onChange = vi.fn();
    const never = new Promise<never>(() => undefined);
    const services = { events: never, recorder: never, programs: never, time: never, data: never };
    const command = catchListener(fakeBrowser.commands.onCommand);
    const response = catchListener(fakeBrowser.webRequest.onCompleted);
    listen(services, onChange);
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(true);
    expect(fakeBrowser.tabs.onRemoved.hasListeners()).toBe(true);
    expect(command.listener).toBeDefined();
    expect(response.listener).toBeDefined();
  });

  it("messages go through the router: this extension's popup is answered, another extension refused", async () => {
    const { events } = setup();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const [reply] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'get_today' },
      popup,
      () => undefined,
    );
    expect(reply).toEqual({ ok: true, today: { dmp_upload: 2 } });
    expect(events.today).toHaveBeenCalledTimes(1);
    const [refused] = await fakeBrowser.runtime.onMessage.trigger(
      { type: 'get_today' },
      { ...popup, id: 'other' },
      () => undefined,
    );
    expect(refused).toEqual({ ok: false, error: 'sender is not this extension' });
    expect(events.today).toHaveBeenCalledTimes(1);
  });

  it('the add-deposit shortcut records a deposit, and the badge follows', async () => {
    const { events, onChange, command } = setup();
    command.listener!(ADD_DEPOSIT_COMMAND as never);
    await flush();
    expect(events.addByHand).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'dmp_upload', docClass: 'other' }),
    );
    expect(onChange).toHaveBeenCalledTimes(1);
    command.listener!('something-else' as never);
    await flush();
    expect(events.addByHand).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('a closed tab is forgotten by the DMP chain and by the practice programs', async () => {
    const { recorder, programs } = setup();
    await fakeBrowser.tabs.onRemoved.trigger(12, { windowId: 1, isWindowClosing: false });
    await flush();
    expect(recorder.forgetTab).toHaveBeenCalledWith(12);
    expect(programs.forgetTab).toHaveBeenCalledWith(12);
  });

  it("a tab's completed XHR reaches the practice programs; requests of no tab do not", async () => {
    const { programs, response } = setup();
    expect(response.args).toEqual([{ urls: ['https://*/*', 'http://*/*'], types: ['xmlhttprequest'] }]);
    response.listener!({ tabId: 3, url: 'https://secure.weda.fr/api/dmp', statusCode: 200 } as never);
    response.listener!({ tabId: -1, url: 'https://secure.weda.fr/api/dmp', statusCode: 500 } as never);
    await flush();
    expect(programs.responseCompleted).toHaveBeenCalledTimes(1);
    expect(programs.responseCompleted).toHaveBeenCalledWith(3, 'https://secure.weda.fr/api/dmp', 200);
  });
});

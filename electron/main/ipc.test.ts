import { describe, expect, it, vi } from 'vitest';
import { eventChannel, invokeChannel, methodNames, type MethodName } from '../../shared/contract/index.js';
import { createEventBus } from '../gateway/events/bus.js';
import type { GatewayEvents } from '../gateway/events/gateway-events.js';
import { HttpError } from '../gateway/http/http-error.js';
import type { Handlers } from '../gateway/ui/types.js';
import { bindContract, forwardContractEvents, trustedSender, type SenderCheck } from './ipc.js';
import { fakeIpcMain } from './testing/fake-ipc-main.js';

const appFrame = { url: 'file:///app/out/renderer/index.html#/', processId: 4, routingId: 1 };
const trustAppFrame: SenderCheck = ({ senderFrame }) => senderFrame === appFrame;

/** Every method answers with its own name and the input it got. */
const echoHandlers = () => Object.fromEntries(methodNames.map((name) => [name, vi.fn(async (input: unknown) => ({ method: name, input }))])) as unknown as Handlers & Record<MethodName, ReturnType<typeof vi.fn>>;

const errorOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: Error) => caught,
  );
  if (!error) throw new Error('expected a rejection');
  return JSON.parse(error.message) as { code: string; message: string; status: number };
};

describe('bindContract', () => {
  it('binds every contract method exactly once, each on its own channel, and unbinds them all', () => {
    const ipc = fakeIpcMain(appFrame);
    const unbind = bindContract(ipc, echoHandlers(), trustAppFrame);
    expect(ipc.handle).toHaveBeenCalledTimes(methodNames.length);
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map(invokeChannel).sort());
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes the schema-parsed input (defaults applied) to the handler and returns its result', async () => {
    const ipc = fakeIpcMain(appFrame);
    const handlers = echoHandlers();
    bindContract(ipc, handlers, trustAppFrame);
    await expect(ipc.invoke('tasks.submit', { task: 'fix the build' })).resolves.toEqual({ method: 'tasks.submit', input: { task: 'fix the build', target: 'gateway' } });
    await expect(ipc.invoke('agents.list', undefined)).resolves.toEqual({ method: 'agents.list', input: {} });
    expect(handlers['tasks.list']).not.toHaveBeenCalled();
  });

  it('rejects a bad input with a message naming the field, before the handler runs', async () => {
    const ipc = fakeIpcMain(appFrame);
    const handlers = echoHandlers();
    bindContract(ipc, handlers, trustAppFrame);
    const empty = await errorOf(ipc.invoke('tasks.submit', { task: '   ' }));
    expect(empty).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    expect(empty.message).toMatch(/^task: Describe the task/);
    const wrongType = await errorOf(ipc.invoke('tasks.list', { limit: 'ten' }));
    expect(wrongType.message).toMatch(/^limit: /);
    const extra = await errorOf(ipc.invoke('gateway.setPaused', { paused: true, evil: 1 }));
    expect(extra.message).toMatch(/evil/);
    const nested = await errorOf(ipc.invoke('providers.save', { provider: { id: 'p', type: 'openai-chat', baseUrl: 'not a url' } }));
    expect(nested.message).toMatch(/provider\.baseUrl: /);
    expect(handlers['tasks.submit']).not.toHaveBeenCalled();
    expect(handlers['providers.save']).not.toHaveBeenCalled();
  });

  it('refuses a call from an untrusted frame (or from no frame) without running the handler', async () => {
    const ipc = fakeIpcMain(appFrame);
    const handlers = echoHandlers();
    const warn = vi.fn();
    bindContract(ipc, handlers, trustAppFrame, { warn } as any);
    const refused = await errorOf(ipc.invoke('settings.revealToken', {}, { url: 'https://evil.example/', processId: 9, routingId: 3 }));
    expect(refused).toMatchObject({ code: 'UNTRUSTED_SENDER', status: 403 });
    expect(refused.message).toContain('settings.revealToken');
    await expect(errorOf(ipc.invoke('settings.revealToken', {}, null))).resolves.toMatchObject({ code: 'UNTRUSTED_SENDER' });
    expect(handlers['settings.revealToken']).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('refused'), expect.objectContaining({ method: 'settings.revealToken', url: 'https://evil.example/' }));
  });

  it('carries a handler error’s code and status to the renderer, and hides internal errors', async () => {
    const ipc = fakeIpcMain(appFrame);
    const handlers = echoHandlers();
    handlers['tasks.get'].mockRejectedValue(new HttpError(404, 'TASK_NOT_FOUND', "No task 'x'"));
    handlers['agents.list'].mockImplementation(() => {
      throw new Error('database is locked at /secret/path');
    });
    const error = vi.fn();
    bindContract(ipc, handlers, trustAppFrame, { error, warn: vi.fn() } as any);
    await expect(errorOf(ipc.invoke('tasks.get', { id: 'x' }))).resolves.toEqual({ code: 'TASK_NOT_FOUND', message: "No task 'x'", status: 404 });
    await expect(errorOf(ipc.invoke('agents.list', {}))).resolves.toEqual({ code: 'INTERNAL_ERROR', message: 'Internal error', status: 500 });
    expect(error).toHaveBeenCalledWith('UI method failed', expect.objectContaining({ method: 'agents.list' }));
  });
});

describe('trustedSender', () => {
  const window = (frame: object, destroyed = false) => ({ webContents: { mainFrame: frame }, isDestroyed: () => destroyed }) as any;
  const isAppPage = (url: string) => url.startsWith('file:///app/out/renderer/index.html');

  it("trusts only the main frame of one of our windows while it shows our page", () => {
    const main = { ...appFrame };
    const quick = { url: 'file:///app/out/renderer/index.html#/dispatch', processId: 5, routingId: 1 };
    const check = trustedSender(() => [window(main), window(quick)], isAppPage);
    expect(check({ senderFrame: main as any })).toBe(true);
    expect(check({ senderFrame: { ...quick } as any })).toBe(true);
    // A subframe of our window, a frame of another window, a frame navigated away, no frame.
    expect(check({ senderFrame: { ...main, routingId: 2 } as any })).toBe(false);
    expect(check({ senderFrame: { url: appFrame.url, processId: 99, routingId: 1 } as any })).toBe(false);
    expect(check({ senderFrame: { ...main, url: 'https://evil.example/' } as any })).toBe(false);
    expect(check({ senderFrame: null })).toBe(false);
  });

  it('does not trust a destroyed window', () => {
    const main = { ...appFrame };
    expect(trustedSender(() => [window(main, true)], isAppPage)({ senderFrame: main as any })).toBe(false);
  });
});

describe('forwardContractEvents', () => {
  it('pushes each contract event on its channel to every live window showing our page, until unsubscribed', () => {
    const bus = createEventBus<GatewayEvents>();
    const contents = (url: string, destroyed = false) => ({ send: vi.fn(), isDestroyed: () => destroyed, getURL: () => url });
    const main = contents('file:///app/index.html');
    const quick = contents('file:///app/index.html#/dispatch');
    const gone = contents('file:///app/index.html', true);
    const elsewhere = contents('https://evil.example/');
    const off = forwardContractEvents(bus, () => [main, quick, gone, elsewhere] as any, (url) => url.startsWith('file:///app/'));
    bus.emit('agent.changed', { id: 'echo' });
    for (const target of [main, quick]) expect(target.send).toHaveBeenCalledWith(eventChannel('agents.changed'), { id: 'echo' });
    expect(gone.send).not.toHaveBeenCalled();
    expect(elsewhere.send).not.toHaveBeenCalled();
    off();
    bus.emit('agent.changed', { id: 'echo' });
    expect(main.send).toHaveBeenCalledTimes(1);
  });
});

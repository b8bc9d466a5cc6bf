import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Desktop } from './start-desktop.js';

const fake = vi.hoisted(() => ({
  app: undefined as unknown as EventEmitter & Record<string, any>,
  dialog: { showErrorBox: (() => undefined) as (title: string, text: string) => void },
  startDesktop: (() => undefined) as (options: any) => unknown,
}));
// Getters: index.ts is imported afresh for each test, the mock factory runs only once.
vi.mock('electron', () => ({
  get app() {
    return fake.app;
  },
  get dialog() {
    return fake.dialog;
  },
}));
vi.mock('./start-desktop.js', () => ({ startDesktop: (options: unknown) => fake.startDesktop(options) }));

function fakeApp(lock: boolean) {
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: vi.fn(() => lock),
    whenReady: vi.fn(async () => undefined),
    quit: vi.fn(() => {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      app.emit('before-quit', event);
      if (!event.defaultPrevented) app.emit('will-quit');
    }),
    exit: vi.fn(),
    setPath: vi.fn(),
    getPath: () => '/home/me/.config/AgentMesh',
    setAppUserModelId: vi.fn(),
  });
  return app;
}

const desktopFake = () => ({ showMain: vi.fn(), stop: vi.fn(async () => undefined), testHooks: {} }) as unknown as Desktop & { showMain: ReturnType<typeof vi.fn>; stop: ReturnType<typeof vi.fn> };

async function boot(lock = true) {
  vi.resetModules();
  fake.app = fakeApp(lock);
  await import('./index.js');
  await new Promise((resolve) => setTimeout(resolve, 0));
  return fake.app;
}

beforeEach(() => {
  fake.dialog.showErrorBox = vi.fn();
});

describe('app lifecycle', () => {
  it('quits at once when another instance holds the lock', async () => {
    fake.startDesktop = vi.fn();
    const app = await boot(false);
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(fake.startDesktop).not.toHaveBeenCalled();
  });

  it('starts the desktop when ready, shows it for a second instance, and keeps running with no window', async () => {
    const desktop = desktopFake();
    fake.startDesktop = vi.fn(async () => desktop);
    const app = await boot();
    expect(fake.startDesktop).toHaveBeenCalledWith(expect.objectContaining({ hidden: false }));
    app.emit('second-instance');
    expect(desktop.showMain).toHaveBeenCalled();
    app.emit('window-all-closed');
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('quits only after the gateway has stopped', async () => {
    let finishStop = () => undefined as void;
    const desktop = desktopFake();
    desktop.stop.mockImplementation(() => new Promise<void>((resolve) => (finishStop = resolve)));
    fake.startDesktop = vi.fn(async (options: { isQuitting(): boolean }) => {
      expect(options.isQuitting()).toBe(false);
      return desktop;
    });
    const app = await boot();
    const willQuit = vi.fn();
    app.on('will-quit', willQuit);
    app.quit();
    app.quit();
    expect(desktop.stop).toHaveBeenCalledTimes(1);
    expect(willQuit).not.toHaveBeenCalled();
    finishStop();
    await vi.waitFor(() => expect(willQuit).toHaveBeenCalledTimes(1));
    const options = vi.mocked(fake.startDesktop).mock.calls[0]![0] as { isQuitting(): boolean };
    expect(options.isQuitting()).toBe(true);
  });

  it('explains a port clash and exits when the gateway cannot start', async () => {
    fake.startDesktop = vi.fn(async () => {
      throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), { code: 'EADDRINUSE' });
    });
    const app = await boot();
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1));
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('AgentMesh could not start', expect.stringMatching(/EADDRINUSE[\s\S]*server\.port in \/home\/me\/\.config\/AgentMesh[\\/]settings\.json/));
  });
});

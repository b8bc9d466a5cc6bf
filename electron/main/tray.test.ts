import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../gateway/events/bus.js';
import type { GatewayEvents } from '../gateway/events/gateway-events.js';
import type { Handlers } from '../gateway/ui/types.js';
import { createTray } from './tray.js';
import { trayMenuTemplate, trayTooltip, type TrayActions, type TrayState } from './tray-menu.js';

const trays = vi.hoisted(() => [] as { menu: unknown; tooltip: string; destroyed: boolean }[]);
vi.mock('electron', () => ({
  nativeImage: { createFromPath: (path: string) => ({ path, setTemplateImage: vi.fn() }) },
  Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
  Tray: class {
    record = { menu: undefined as unknown, tooltip: '', destroyed: false };
    constructor() {
      trays.push(this.record);
    }
    setContextMenu(menu: unknown) {
      this.record.menu = menu;
    }
    setToolTip(text: string) {
      this.record.tooltip = text;
    }
    on() {}
    isDestroyed() {
      return this.record.destroyed;
    }
    destroy() {
      this.record.destroyed = true;
    }
  },
}));

const actions = (): TrayActions => ({ quickDispatch: vi.fn(), open: vi.fn(), setPaused: vi.fn(), quit: vi.fn() });
const state: TrayState = {
  url: 'http://127.0.0.1:3000',
  paused: false,
  agents: [
    { id: 'claude', name: 'Claude Code', state: 'busy', running: 1, queued: 2 },
    { id: 'echo', name: 'echo', state: 'online', running: 0, queued: 0 },
    { id: 'gem', name: 'Gemini', state: 'offline', running: 0, queued: 0 },
  ],
  providers: [
    { id: 'openai', name: 'OpenAI', available: true, balance: null },
    { id: 'deepseek', name: 'DeepSeek', available: true, balance: { amount: 12.3, currency: 'USD', usedPercent: null, resetsAt: null, summary: '$12.30 left' } },
    { id: 'local', name: 'local', available: false, balance: null },
  ],
};
const labels = (template: { label?: string; type?: string }[]) => template.map((item) => (item.type === 'separator' ? '---' : item.label));

describe('tray menu', () => {
  it('shows the gateway address, each agent with its state, providers with balances, and the actions', () => {
    expect(labels(trayMenuTemplate(state, actions()))).toEqual([
      'Gateway running at http://127.0.0.1:3000',
      '---',
      'Claude Code — busy (1 running, 2 queued)',
      'echo — online',
      'Gemini — offline',
      '---',
      'Providers: 2 available, 1 unavailable',
      'DeepSeek: $12.30 left',
      '---',
      'Quick dispatch…',
      'Open AgentMesh',
      'Pause gateway',
      '---',
      'Quit',
    ]);
    expect(trayTooltip(state)).toBe('AgentMesh — 2 of 3 agents online');
  });

  it('tells a new user what is missing, and offers Resume while paused', () => {
    const template = trayMenuTemplate({ ...state, paused: true, agents: [], providers: [] }, actions());
    expect(labels(template)).toEqual(expect.arrayContaining(['Gateway paused at http://127.0.0.1:3000', 'No agents yet', 'No providers yet', 'Resume gateway']));
  });

  it('wires each action', () => {
    const handlers = actions();
    const template = trayMenuTemplate({ ...state, paused: true }, handlers);
    const click = (id: string) => (template.find((item) => item.id === id)!.click as () => void)();
    click('quick-dispatch');
    click('open');
    click('pause');
    click('quit');
    expect(handlers.quickDispatch).toHaveBeenCalled();
    expect(handlers.open).toHaveBeenCalled();
    expect(handlers.setPaused).toHaveBeenCalledWith(false);
    expect(handlers.quit).toHaveBeenCalled();
  });

  it('caps a long agent list', () => {
    const agents = Array.from({ length: 20 }, (_, i) => ({ id: `a${i}`, name: `a${i}`, state: 'online' as const, running: 0, queued: 0 }));
    expect(labels(trayMenuTemplate({ ...state, agents }, actions()))).toContain('…and 8 more');
  });
});

describe('tray', () => {
  afterEach(() => vi.useRealTimers());

  it('is rebuilt from the handlers when agents or providers change', async () => {
    vi.useFakeTimers();
    const bus = createEventBus<GatewayEvents>();
    let agents = [{ id: 'echo', name: 'echo', state: 'online', running: 0, queued: 0 }];
    const handlers = {
      'gateway.status': async () => ({ url: 'http://127.0.0.1:3000', paused: false }),
      'agents.list': async () => agents,
      'providers.list': async () => [],
    } as unknown as Handlers;
    const tray = createTray({ icon: '/r/tray.png', handlers, bus, actions: actions(), logger: { error: vi.fn() } as any });
    await vi.runAllTimersAsync();
    const record = trays.at(-1)!;
    const current = () => labels((record.menu as { template: { label?: string; type?: string }[] }).template);
    expect(current()).toContain('echo — online');

    agents = [{ ...agents[0]!, state: 'busy', running: 1 }];
    bus.emit('agent.changed', { id: 'echo' });
    bus.emit('task_status', { task_id: 't', status: 'running', agent: 'echo', space_id: null });
    await vi.runAllTimersAsync();
    expect(current()).toContain('echo — busy (1 running)');
    expect(record.tooltip).toBe('AgentMesh — 1 of 1 agents online');

    tray.destroy();
    expect(record.destroyed).toBe(true);
    agents = [];
    bus.emit('agent.changed', { id: 'echo' });
    await vi.runAllTimersAsync();
    expect(current()).toContain('echo — busy (1 running)');
  });
});

import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../gateway/events/bus.js';
import type { GatewayEvents } from '../gateway/events/gateway-events.js';
import type { Handlers } from '../gateway/ui/types.js';
import { until } from '../gateway/testing/task-helpers.js';
import { notifyQuotaAlerts, notifyTaskEnds, taskNotice } from './notifications.js';

const shown = vi.hoisted(() => [] as (EventEmitter & { options: { title: string; body: string } })[]);
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class Notification extends Emitter {
    static isSupported = () => true;
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      shown.push(this as never);
    }
  }
  return { Notification };
});

const task = (id: string, extra: Record<string, unknown> = {}) => ({ id, status: 'completed', prompt: 'Fix the\nflaky test', assigned_agents: ['echo'], error: null, parent_id: null, ...extra });

describe('task notifications', () => {
  it('word each ending, with the agent, the task and the error', () => {
    expect(taskNotice(task('t') as never)).toEqual({ title: 'Task completed', body: 'echo: Fix the flaky test' });
    expect(taskNotice(task('t', { status: 'failed', error: 'exit code 2' }) as never)).toEqual({ title: 'Task failed', body: 'echo: Fix the flaky test — exit code 2' });
    expect(taskNotice(task('t', { status: 'timeout', assigned_agents: [] }) as never)?.title).toBe('Task timed out');
    expect(taskNotice(task('t', { status: 'running' }) as never)).toBeUndefined();
    expect(taskNotice(task('t', { status: 'interrupted' }) as never)).toBeUndefined();
  });

  it('notify when a task ends and open it on click; not for children of a fan-out, nor when switched off', async () => {
    const bus = createEventBus<GatewayEvents>();
    const tasks: Record<string, ReturnType<typeof task>> = {
      done: task('done'),
      child: task('child', { parent_id: 'done' }),
      cancelled: task('cancelled', { status: 'cancelled' }),
    };
    const handlers = { 'tasks.get': async ({ id }: { id: string }) => tasks[id] } as unknown as Handlers;
    const openTask = vi.fn();
    let enabled = true;
    const off = notifyTaskEnds({ bus, handlers, enabled: () => enabled, openTask, logger: { warn: vi.fn() } as any });
    const status = (task_id: string, status: 'running' | 'completed' | 'cancelled') => bus.emit('task_status', { task_id, status, agent: 'echo', space_id: null });

    status('done', 'running');
    status('done', 'completed');
    status('child', 'completed');
    await until(() => shown.length === 1, 2_000, 'notification shown');
    expect(shown[0]!.options.title).toBe('Task completed');
    shown[0]!.emit('click');
    expect(openTask).toHaveBeenCalledWith('done');

    enabled = false;
    status('cancelled', 'cancelled');
    enabled = true;
    status('cancelled', 'cancelled');
    await until(() => shown.length === 2, 2_000, 'second notification');
    expect(shown[1]!.options.title).toBe('Task cancelled');
    off();
    status('done', 'completed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shown).toHaveLength(2);
  });
});

describe('quota notifications', () => {
  it('notify when a provider runs low or out, or a budget is crossed, and open Providers on click', () => {
    const bus = createEventBus<GatewayEvents>();
    const opened: string[] = [];
    const before = shown.length;
    const off = notifyQuotaAlerts({ bus, openProviders: () => opened.push('providers') });
    bus.emit('quota.warning', { provider: 'deepseek', summary: '9.50 CNY left (warn below 10)' });
    bus.emit('quota.exhausted', { provider: 'codex', reason: 'over 100%', summary: '5h window 100% used, resets in 2h' });
    bus.emit('budget.exceeded', { budget: 'overall:daily', scope: 'overall', id: null, period: 'daily', spentUsd: 5.2, limitUsd: 5, summary: '$5.20 of $5.00 today' });
    const mine = shown.slice(before);
    expect(mine.map((n) => n.options)).toEqual([
      { title: 'deepseek is running low', body: '9.50 CNY left (warn below 10)' },
      { title: 'codex is unavailable', body: '5h window 100% used, resets in 2h' },
      { title: 'Daily overall budget spent: calls are refused', body: '$5.20 of $5.00 today' },
    ]);
    mine[0]!.emit('click');
    expect(opened).toEqual(['providers']);
    off();
    bus.emit('quota.warning', { provider: 'deepseek', summary: 'again' });
    expect(shown.length).toBe(before + 3);
  });
});

import { describe, expect, it } from 'vitest';
import type { TaskEventBody } from '../../../shared/schemas/task.js';
import { formatChildResults, formatEvent, formatHealth, outcomeLine } from './format.js';

const event = (body: TaskEventBody) => ({ taskId: 't', seq: 1, ts: '2026-01-01T00:00:00Z', body });
const times = { created_at: '2026-01-01T00:00:00.000Z', started_at: '2026-01-01T00:00:01.000Z', finished_at: '2026-01-01T00:00:04.500Z' };

describe('what the CLI prints for a task', () => {
  it('never prints a bare ✗: an empty result is left to the status line, an empty error says so', () => {
    expect(formatEvent(event({ kind: 'result', text: '', isError: true }))).toBeUndefined();
    expect(formatEvent(event({ kind: 'result', text: '  \n', isError: false }))).toBeUndefined();
    expect(formatEvent(event({ kind: 'error', message: '' }))).toBe('✗ the agent reported an error without a message');
    expect(formatEvent(event({ kind: 'status', status: 'cancelled', message: 'cancelled' }))).toBe('· cancelled');
    expect(formatEvent(event({ kind: 'status', status: 'failed', message: 'the agent exited with code 3' }))).toBe('· failed: the agent exited with code 3');
  });

  it('ends with the outcome: a cancel as a cancel, a failure with its reason, a success with its time', () => {
    expect(outcomeLine({ ...times, status: 'completed', error: null })).toBe('✓ completed in 3.5s');
    expect(outcomeLine({ ...times, status: 'cancelled', error: 'cancelled' })).toBe('■ cancelled after 3.5s');
    expect(outcomeLine({ ...times, status: 'cancelled', error: 'cancelled before it started' })).toBe('■ cancelled after 3.5s (cancelled before it started)');
    expect(outcomeLine({ ...times, status: 'failed', error: 'the agent exited with code 3' })).toBe('✗ failed after 3.5s: the agent exited with code 3');
    expect(outcomeLine({ ...times, status: 'timeout', error: 'timed out after 30s' })).toBe('✗ timed out after 30s');
  });

  it("heads each agent's result of a fan-out with the agent and its status", () => {
    expect(
      formatChildResults([
        { task_id: 'a', agent: 'codex', status: 'completed', result: 'done\n', error: null },
        { task_id: 'b', agent: 'claude', status: 'failed', result: null, error: 'exited with code 1' },
      ]),
    ).toBe('── codex (completed) ──\ndone\n\n── claude (failed) ──\n(exited with code 1)');
  });

  it('shows health as a line and a provider table', () => {
    const text = formatHealth('http://127.0.0.1:3000', { status: 'ok', agents: [{ status: 'online' }, { status: 'offline' }] }, { status: 'degraded', providers_available: [], providers_unavailable: [{ id: 'deepseek', available: false, reason: 'no key' }] });
    expect(text).toBe(['gateway http://127.0.0.1:3000: ok, 1 agent(s) online, providers degraded', 'PROVIDER  AVAILABLE  REASON', 'deepseek  no         no key'].join('\n'));
  });
});

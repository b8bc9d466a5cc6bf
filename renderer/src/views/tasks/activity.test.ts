import { describe, expect, it } from 'vitest';
import { taskEvent } from '../../testing/fixtures';
import { currentActivity, describeActivity } from './activity';

describe('currentActivity', () => {
  it('is "waiting for the model" while no command or tool is open', () => {
    const events = [taskEvent(1, { kind: 'status', status: 'running' }), taskEvent(2, { kind: 'message', text: 'Looking at the code' })];
    expect(describeActivity(currentActivity('running', events))).toBe('Waiting for the model');
  });

  it('is "running a command" while a command has started and not ended, and waits for the model again after', () => {
    const started = [taskEvent(1, { kind: 'command', command: 'npm test', status: 'started' })];
    expect(currentActivity('running', started)).toEqual({ kind: 'command', command: 'npm test' });
    const ended = [...started, taskEvent(2, { kind: 'command', command: 'npm test', status: 'completed', exitCode: 0 })];
    expect(currentActivity('running', ended)).toEqual({ kind: 'model' });
  });

  it("reads Claude Code's Bash tool as a command, and names other tools", () => {
    expect(currentActivity('running', [taskEvent(1, { kind: 'tool', name: 'Bash', id: 'a', status: 'started', input: { command: 'ls -la' } })])).toEqual({ kind: 'command', command: 'ls -la' });
    expect(describeActivity(currentActivity('running', [taskEvent(1, { kind: 'tool', name: 'Read', id: 'b', status: 'started', input: { file_path: 'a.ts' } })]))).toBe('Using Read');
  });

  it('says when a task waits in the queue or its agent is starting', () => {
    expect(currentActivity('pending', [])).toEqual({ kind: 'queued' });
    expect(currentActivity('assigned', [])).toEqual({ kind: 'starting' });
  });
});

import { describe, expect, it } from 'vitest';
import { taskEvent } from '../../testing/fixtures';
import { buildTimeline } from './timeline';

describe('buildTimeline', () => {
  it('joins message deltas, and lets a final whole message replace them', () => {
    const items = buildTimeline([
      taskEvent(1, { kind: 'message', text: 'Hel', delta: true }),
      taskEvent(2, { kind: 'message', text: 'lo', delta: true }),
      taskEvent(3, { kind: 'message', text: 'Hello.' }),
      taskEvent(4, { kind: 'message', text: 'Next' }),
    ]);
    expect(items.map((item) => item.kind === 'message' && item.text)).toEqual(['Hello.', 'Next']);
  });

  it('pairs a command start with its end, keeping exit code and output', () => {
    const items = buildTimeline([
      taskEvent(1, { kind: 'command', command: 'npm test', status: 'started' }),
      taskEvent(2, { kind: 'file_change', path: 'a.ts', change: 'modify' }),
      taskEvent(3, { kind: 'command', command: 'npm test', status: 'completed', exitCode: 1, output: '1 failed' }),
      taskEvent(4, { kind: 'command', command: 'ls', status: 'completed', exitCode: 0 }),
    ]);
    expect(items).toMatchObject([
      { kind: 'command', command: 'npm test', running: false, exitCode: 1, output: '1 failed' },
      { kind: 'file', path: 'a.ts', change: 'modify' },
      { kind: 'command', command: 'ls', running: false, exitCode: 0 },
    ]);
  });

  it('pairs tool calls by id and joins log lines per stream', () => {
    const items = buildTimeline([
      taskEvent(1, { kind: 'tool', name: 'Read', id: 'a', status: 'started', input: { path: 'x' } }),
      taskEvent(2, { kind: 'tool', name: 'Read', id: 'b', status: 'started' }),
      taskEvent(3, { kind: 'tool', name: 'Read', id: 'a', status: 'completed', output: 'text', isError: false }),
      taskEvent(4, { kind: 'log', stream: 'stderr', text: 'warn 1' }),
      taskEvent(5, { kind: 'log', stream: 'stderr', text: 'warn 2' }),
      taskEvent(6, { kind: 'log', stream: 'stdout', text: 'out' }),
    ]);
    expect(items).toMatchObject([
      { kind: 'tool', toolId: 'a', running: false, output: 'text' },
      { kind: 'tool', toolId: 'b', running: true },
      { kind: 'log', stream: 'stderr', text: 'warn 1\nwarn 2' },
      { kind: 'log', stream: 'stdout', text: 'out' },
    ]);
  });

  it('moves one progress bar for percent-only reports and keeps each line of text', () => {
    const items = buildTimeline([
      taskEvent(1, { kind: 'progress', percent: 10 }),
      taskEvent(2, { kind: 'progress', percent: 40 }),
      taskEvent(3, { kind: 'progress', text: 'compiling', percent: 50 }),
      taskEvent(4, { kind: 'progress', text: 'linking' }),
    ]);
    expect(items.map((item) => item.kind === 'progress' && [item.percent, item.text])).toEqual([
      [40, ''],
      [50, 'compiling'],
      [null, 'linking'],
    ]);
  });
});

describe('buildTimeline says each thing once', () => {
  it('drops a result that says nothing or repeats the last message', () => {
    const items = buildTimeline([
      taskEvent(1, { kind: 'message', text: 'All tests pass.' }),
      taskEvent(2, { kind: 'result', text: 'All tests pass.' }),
      taskEvent(3, { kind: 'result', text: '  ', isError: true }),
    ]);
    expect(items.map((item) => item.kind)).toEqual(['message']);
  });

  it('leaves out what the page shows elsewhere (the result card, the error banner)', () => {
    const items = buildTimeline(
      [
        taskEvent(1, { kind: 'message', text: 'Working on it' }),
        taskEvent(2, { kind: 'message', text: '# Done\nAll fixed.' }),
        taskEvent(3, { kind: 'result', text: '# Done\nAll fixed.' }),
      ],
      ['# Done\nAll fixed.', null],
    );
    expect(items).toMatchObject([{ kind: 'message', text: 'Working on it' }]);
  });
});

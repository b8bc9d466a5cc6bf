import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { CallAbort } from './call-abort.js';

it('calls each listener once on abort, not one removed before, and none added after', () => {
  const abort = new CallAbort();
  const calls: string[] = [];
  const kept = () => calls.push('kept');
  const removed = () => calls.push('removed');
  abort.addEventListener('abort', kept);
  abort.addEventListener('abort', removed);
  abort.removeEventListener('abort', removed);
  abort.abort();
  abort.abort();
  abort.addEventListener('abort', () => calls.push('late'));
  expect(calls).toEqual(['kept']);
  expect(abort.aborted).toBe(true);
  expect(abort.reason).toMatchObject({ name: 'AbortError' });
});

it('hands node APIs a real AbortSignal that follows it, before or after the abort', async () => {
  const before = new CallAbort();
  const sleeping = sleep(10_000, undefined, { signal: before.signal });
  before.abort();
  await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });

  const after = new CallAbort();
  after.abort();
  await expect(once(new EventEmitter(), 'drain', { signal: after.signal })).rejects.toMatchObject({ name: 'AbortError' });
});

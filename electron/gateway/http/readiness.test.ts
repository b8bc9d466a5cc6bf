import { expect, it } from 'vitest';
import { Readiness } from './readiness.js';

it('is ready once every hold is released, whatever the order, and says what it waits for', async () => {
  const readiness = new Readiness();
  const start = readiness.hold('gateway start');
  const hub = readiness.hold('agent hub');
  let resolved = false;
  const ready = readiness.whenReady().then(() => (resolved = true));
  expect(readiness.refusal()?.message).toContain('gateway start, agent hub');
  hub();
  hub();
  await Promise.resolve();
  expect([readiness.ready, resolved, readiness.pending()]).toEqual([false, false, ['gateway start']]);
  start();
  await ready;
  expect([readiness.ready, readiness.refusal()]).toEqual([true, undefined]);
});

import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight';

describe('singleFlight', () => {
  it('folds calls made during a run into one trailing run', async () => {
    let runs = 0;
    const release: (() => void)[] = [];
    const run = singleFlight(() => {
      runs += 1;
      return new Promise<void>((resolve) => release.push(resolve));
    });
    const first = run();
    const second = run();
    const third = run();
    expect(second).toBe(third);
    release[0]!();
    await first;
    await Promise.resolve();
    await Promise.resolve();
    expect(runs).toBe(2);
    release[1]!();
    await second;
    expect(runs).toBe(2);
  });
});

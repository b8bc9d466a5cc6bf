import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from './breaker.js';

function breaker(threshold = 2, cooldownMs = 1_000) {
  let now = 0;
  const changes: CircuitState[] = [];
  const b = new CircuitBreaker(threshold, cooldownMs, (state) => changes.push(state), () => now);
  return { b, changes, advance: (ms: number) => (now += ms) };
}

/** Opens the breaker and waits out its cooldown. */
function halfOpen(threshold = 1) {
  const t = breaker(threshold);
  t.b.tryAcquire()!.fail();
  t.advance(1_000);
  expect(t.b.current()).toBe('half-open');
  return t;
}

describe('CircuitBreaker', () => {
  it('opens after `threshold` consecutive failures and refuses calls until the cooldown is over', () => {
    const { b, advance } = breaker(2);
    b.tryAcquire()!.fail();
    expect(b.current()).toBe('closed');
    b.tryAcquire()!.fail();
    expect(b.current()).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
    advance(999);
    expect(b.tryAcquire()).toBeUndefined();
    advance(1);
    expect(b.tryAcquire()).toBeDefined();
  });

  it('lets one trial through when half-open; its success closes the circuit', () => {
    const { b, changes } = halfOpen();
    const trial = b.tryAcquire()!;
    expect(b.trialInFlight()).toBe(true);
    expect(b.tryAcquire()).toBeUndefined();
    trial.succeed();
    expect(b.current()).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens when the trial fails', () => {
    const { b } = halfOpen();
    b.tryAcquire()!.fail();
    expect(b.current()).toBe('open');
    expect(b.trialInFlight()).toBe(false);
  });

  it('a trial released without a verdict frees the slot and stays half-open', () => {
    const { b } = halfOpen();
    b.tryAcquire()!.release();
    expect(b.current()).toBe('half-open');
    expect(b.trialInFlight()).toBe(false);
    b.tryAcquire()!.succeed();
    expect(b.current()).toBe('closed');
  });

  it('only the first verdict of a permit counts (release after a verdict is a no-op)', () => {
    const { b } = halfOpen();
    const trial = b.tryAcquire()!;
    trial.fail();
    trial.release();
    trial.succeed();
    expect(b.current()).toBe('open');
  });

  it('releasing an ordinary permit leaves another call’s trial in flight', () => {
    const { b, advance } = breaker(1);
    const ordinary = b.tryAcquire()!;
    b.tryAcquire()!.fail();
    advance(1_000);
    b.tryAcquire();
    ordinary.release();
    expect(b.trialInFlight()).toBe(true);
  });
});

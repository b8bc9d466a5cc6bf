import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { openDatabase, type Db } from '../store/database.js';
import { LockService } from './lock-service.js';

// The lock service on a real SQLite file: fair order, shared and exclusive, leases that
// expire, outlive a restart, and are renewed by their owner.
let dir: string;
let db: Db;
let locks: LockService;
const config = { leaseSeconds: 60, defaultWaitSeconds: 30, maxWaiters: 4 };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentmesh-locks-'));
  db = openDatabase(dir);
  locks = new LockService(db, () => config, createEventBus<GatewayEvents>());
});
afterEach(() => db.prepare('DELETE FROM coordination_locks').run());
afterAll(() => {
  locks.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const take = (name: string, type: 'shared' | 'exclusive', owner: string, waitMs = 5_000, leaseMs = 60_000) => locks.acquire({ name, type, owner, waitMs, leaseMs });

describe('fairness', () => {
  it('grants waiters strictly in arrival order; a shared request behind a waiting exclusive one waits too', async () => {
    const first = await take('repo', 'exclusive', 'a');
    const order: string[] = [];
    const waiting = [take('repo', 'shared', 'b'), take('repo', 'exclusive', 'c'), take('repo', 'shared', 'd'), take('repo', 'shared', 'e')].map((promise, index) =>
      promise.then((lease) => {
        order.push('bcde'[index]!);
        return lease;
      }),
    );
    locks.release(first.lockId);
    const b = await waiting[0]!;
    expect(order).toEqual(['b']);
    locks.release(b.lockId);
    const c = await waiting[1]!;
    expect(order).toEqual(['b', 'c']);
    locks.release(c.lockId);
    await Promise.all(waiting);
    // The two readers after the writer are granted together.
    expect(order).toEqual(['b', 'c', 'd', 'e']);
    expect(locks.list().map((lock) => lock.owner).sort()).toEqual(['d', 'e']);
  });

  it('lets shared holders in together and refuses at once without a wait (LOCK_BUSY), after the wait (LOCK_TIMEOUT)', async () => {
    await take('docs', 'shared', 'a');
    await take('docs', 'shared', 'b');
    await expect(take('docs', 'exclusive', 'c', 0)).rejects.toMatchObject({ code: 'LOCK_BUSY' });
    await expect(take('docs', 'exclusive', 'c', 50)).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    await expect(take('docs', 'shared', 'a')).rejects.toMatchObject({ code: 'LOCK_CONFLICT' });
  });

  it('refuses one waiter more than coordination.maxWaiters (LOCK_CONTENTION)', async () => {
    await take('busy', 'exclusive', 'holder');
    const waiters = ['w1', 'w2', 'w3', 'w4'].map((owner) => take('busy', 'exclusive', owner, 200).catch((error) => error.code));
    await expect(take('busy', 'exclusive', 'w5', 200)).rejects.toMatchObject({ code: 'LOCK_CONTENTION' });
    expect(await Promise.all(waiters)).toEqual(['LOCK_TIMEOUT', 'LOCK_TIMEOUT', 'LOCK_TIMEOUT', 'LOCK_TIMEOUT']);
  });
});

describe('leases', () => {
  it('expire: the next waiter gets the lock when the holder\'s lease runs out', async () => {
    await take('lease', 'exclusive', 'gone', 0, 150);
    const started = Date.now();
    const next = await take('lease', 'exclusive', 'next', 5_000);
    expect(next.owner).toBe('next');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(() => locks.release('lock_nope')).toThrow(expect.objectContaining({ code: 'LOCK_NOT_FOUND' }));
  });

  it('are renewed by the owner\'s heartbeat', async () => {
    const lease = await take('renewed', 'exclusive', 'agent-1', 0, 100);
    expect(locks.renew('agent-1')).toBe(1);
    expect(Date.parse(locks.list()[0]!.expires_at)).toBeGreaterThan(lease.expiresAt + 50_000);
  });

  it('outlive a restart: a new service on the same database sees them', async () => {
    const held = await take('kept', 'exclusive', 'agent-2');
    const again = new LockService(db, () => config, createEventBus<GatewayEvents>());
    await expect(again.acquire({ name: 'kept', type: 'exclusive', owner: 'agent-3', waitMs: 0, leaseMs: 1_000 })).rejects.toMatchObject({ code: 'LOCK_BUSY' });
    expect(again.release(held.lockId).owner).toBe('agent-2');
  });
});

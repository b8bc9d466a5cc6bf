import { randomUUID } from 'node:crypto';
import type { CoordinationConfig, LockView } from '../../../shared/schemas/monitor.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { HttpError } from '../http/http-error.js';
import type { Db } from '../store/database.js';

export type LockType = 'shared' | 'exclusive';

export interface LockLease {
  lockId: string;
  name: string;
  type: LockType;
  owner: string;
  acquiredAt: number;
  expiresAt: number;
}

export interface AcquireRequest {
  name: string;
  type: LockType;
  /** Who holds it: an agent id, `task:<id>`; anonymous callers get one of their own per lock. */
  owner?: string;
  /** How long to wait in line (0: only if free now). */
  waitMs: number;
  /** The lease; renewed by the owner's heartbeat. */
  leaseMs: number;
  signal?: AbortSignal;
}

interface Waiter {
  request: AcquireRequest & { owner: string };
  resolve(lease: LockLease): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
}

interface Row {
  id: string;
  name: string;
  type: LockType;
  owner: string;
  acquired_at: number;
  expires_at: number;
}

const leaseOf = (row: Row): LockLease => ({ lockId: row.id, name: row.name, type: row.type, owner: row.owner, acquiredAt: row.acquired_at, expiresAt: row.expires_at });
const compatible = (type: LockType, holders: LockLease[]) => holders.length === 0 || (type === 'shared' && holders.every((holder) => holder.type === 'shared'));

/**
 * Coordination locks: leases in SQLite (they outlive a restart and expire on their own) and,
 * per lock name, one line of waiters served strictly in order: a shared request behind a
 * waiting exclusive one waits too, so writers are never starved by a stream of readers.
 */
export class LockService {
  private readonly queues = new Map<string, Waiter[]>();
  private readonly wakeups = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: Db,
    private readonly config: () => CoordinationConfig,
    private readonly bus: EventBus<GatewayEvents>,
  ) {}

  acquire(request: AcquireRequest): Promise<LockLease> {
    const owner = request.owner ?? `anonymous:${randomUUID()}`;
    const holders = this.holders(request.name);
    if (request.owner && holders.some((holder) => holder.owner === owner)) {
      return Promise.reject(new HttpError(409, 'LOCK_CONFLICT', `'${owner}' already holds '${request.name}'`));
    }
    const queue = this.queues.get(request.name) ?? [];
    if (queue.length === 0 && compatible(request.type, holders)) return Promise.resolve(this.grant({ ...request, owner }));
    if (request.waitMs <= 0) {
      return Promise.reject(new HttpError(409, 'LOCK_BUSY', `'${request.name}' is held (${describe(holders)}) and the caller would not wait`));
    }
    if (queue.length >= this.config().maxWaiters) {
      return Promise.reject(new HttpError(503, 'LOCK_CONTENTION', `${queue.length} callers already wait for '${request.name}' (coordination.maxWaiters)`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { request: { ...request, owner }, resolve, reject, timer: undefined };
      const leave = (error: Error) => {
        this.dequeue(request.name, waiter);
        reject(error);
        // The one that left may have been what held the line up.
        this.pump(request.name);
      };
      waiter.timer = setTimeout(() => leave(new HttpError(408, 'LOCK_TIMEOUT', `'${request.name}' was not free within ${request.waitMs / 1_000}s`)), request.waitMs);
      request.signal?.addEventListener('abort', () => leave(new HttpError(499, 'LOCK_ABANDONED', 'the caller went away')), { once: true });
      queue.push(waiter);
      this.queues.set(request.name, queue);
      this.pump(request.name);
    });
  }

  release(lockId: string): LockLease {
    const row = this.db.prepare<[string, number], Row>('SELECT * FROM coordination_locks WHERE id = ? AND expires_at > ?').get(lockId, Date.now());
    if (!row) throw new HttpError(404, 'LOCK_NOT_FOUND', `No lock '${lockId}' is held (it was released, or its lease expired)`);
    this.db.prepare('DELETE FROM coordination_locks WHERE id = ?').run(lockId);
    const lease = leaseOf(row);
    this.bus.emit('coordination.lock', { action: 'released', lock_id: lease.lockId, lock_name: lease.name, lock_type: lease.type, owner: lease.owner });
    this.pump(row.name);
    return lease;
  }

  /** Extends every lease the owner holds (its heartbeat); returns how many. */
  renew(owner: string): number {
    const until = Date.now() + this.config().leaseSeconds * 1_000;
    return this.db.prepare('UPDATE coordination_locks SET expires_at = MAX(expires_at, ?) WHERE owner = ? AND expires_at > ?').run(until, owner, Date.now()).changes;
  }

  /** Drops the leases of owners that are gone for good (tasks that ended while the gateway was down). */
  releaseOwners(prefix: string): number {
    return this.db.prepare("DELETE FROM coordination_locks WHERE substr(owner, 1, length(?)) = ?").run(prefix, prefix).changes;
  }

  list(): LockView[] {
    const rows = this.db.prepare<[number], Row>('SELECT * FROM coordination_locks WHERE expires_at > ? ORDER BY name, acquired_at').all(Date.now());
    return rows.map((row) => ({
      lock_id: row.id,
      lock_name: row.name,
      lock_type: row.type,
      owner: row.owner,
      acquired_at: new Date(row.acquired_at).toISOString(),
      expires_at: new Date(row.expires_at).toISOString(),
      waiting: this.queues.get(row.name)?.length ?? 0,
    }));
  }

  stop(): void {
    for (const timer of this.wakeups.values()) clearTimeout(timer);
    this.wakeups.clear();
    for (const [name, queue] of this.queues) {
      for (const waiter of queue) {
        clearTimeout(waiter.timer);
        waiter.reject(new HttpError(503, 'STOPPING', `the gateway is stopping; '${name}' was not granted`));
      }
    }
    this.queues.clear();
  }

  /** Live leases of a name; expired ones are deleted on the way (and announced). */
  private holders(name: string): LockLease[] {
    const now = Date.now();
    const expired = this.db.prepare<[string, number], Row>('SELECT * FROM coordination_locks WHERE name = ? AND expires_at <= ?').all(name, now);
    if (expired.length) {
      this.db.prepare('DELETE FROM coordination_locks WHERE name = ? AND expires_at <= ?').run(name, now);
      for (const row of expired) this.bus.emit('coordination.lock', { action: 'expired', lock_id: row.id, lock_name: row.name, lock_type: row.type, owner: row.owner });
    }
    return this.db.prepare<[string], Row>('SELECT * FROM coordination_locks WHERE name = ?').all(name).map(leaseOf);
  }

  private grant(request: AcquireRequest & { owner: string }): LockLease {
    const now = Date.now();
    const lease: LockLease = { lockId: `lock_${randomUUID()}`, name: request.name, type: request.type, owner: request.owner, acquiredAt: now, expiresAt: now + request.leaseMs };
    this.db
      .prepare('INSERT INTO coordination_locks (id, name, type, owner, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(lease.lockId, lease.name, lease.type, lease.owner, lease.acquiredAt, lease.expiresAt);
    this.bus.emit('coordination.lock', { action: 'acquired', lock_id: lease.lockId, lock_name: lease.name, lock_type: lease.type, owner: lease.owner });
    return lease;
  }

  /** Grants waiters from the head of the line while they fit beside the holders. */
  private pump(name: string): void {
    clearTimeout(this.wakeups.get(name));
    this.wakeups.delete(name);
    const queue = this.queues.get(name);
    if (!queue?.length) return void this.queues.delete(name);
    let holders = this.holders(name);
    while (queue.length && compatible(queue[0]!.request.type, holders)) {
      const waiter = queue.shift()!;
      clearTimeout(waiter.timer);
      waiter.resolve(this.grant(waiter.request));
      holders = this.holders(name);
    }
    if (!queue.length) return void this.queues.delete(name);
    // Blocked: look again when the first lease runs out (a heartbeat may have renewed it by then).
    const next = Math.min(...holders.map((holder) => holder.expiresAt));
    const timer = setTimeout(() => this.pump(name), Math.max(1, next - Date.now() + 1));
    timer.unref();
    this.wakeups.set(name, timer);
  }

  private dequeue(name: string, waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const queue = this.queues.get(name);
    const at = queue?.indexOf(waiter) ?? -1;
    if (at >= 0) queue!.splice(at, 1);
  }
}

const describe = (holders: LockLease[]) => holders.map((holder) => `${holder.type} by ${holder.owner}`).join(', ');

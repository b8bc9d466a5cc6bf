import type { ChildProcess } from 'node:child_process';
import type { Reply } from '../electron/gateway/testing/upstream-types.js';
import { spawnNode, stderrTail, stopChild, waitForLine } from './children.js';
import type { FromUpstream, ToUpstream } from './ipc.js';

/** The scripted upstream running in bench/upstream-child.ts, seen from the bench. */
export class UpstreamProcess {
  private nextId = 0;
  private readonly acks = new Map<number, (opened?: number) => void>();
  private aborts: number[] = [];
  private abortWaiter: (() => void) | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: FromUpstream) => {
      if (message.type === 'ack' || message.type === 'connections') {
        this.acks.get(message.id)?.(message.type === 'connections' ? message.opened : undefined);
        this.acks.delete(message.id);
      } else if (message.type === 'abort') {
        this.aborts.push(message.at);
        this.abortWaiter?.();
      }
    });
  }

  /** With `tls`, the upstream serves HTTPS with that key and certificate. */
  static async start(cpu: number | undefined, tls?: { keyFile: string; certFile: string }): Promise<UpstreamProcess> {
    const args = tls ? ['--tls-key', tls.keyFile, '--tls-cert', tls.certFile] : [];
    const child = spawnNode(['bin/run-ts.mjs', 'bench/upstream-child.ts', ...args], { cpu, ipc: true });
    const match = await waitForLine(child, /listening on (https?:\/\/\S+)/, 20_000, stderrTail(child));
    return new UpstreamProcess(child, match[1]!);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Every model request from now on gets `reply` (the upstream's defaultReply). */
  setReply(reply: Reply): Promise<void> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.acks.set(id, () => resolve());
      this.child.send({ type: 'reply', id, reply } satisfies ToUpstream);
    });
  }

  /** TCP connections the upstream has accepted since it started. */
  connectionsOpened(): Promise<number> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.acks.set(id, (opened) => resolve(opened ?? NaN));
      this.child.send({ type: 'connections', id } satisfies ToUpstream);
    });
  }

  /** Upstream-side close times (epochMs) reported since the last call, oldest first. */
  takeAborts(): number[] {
    const taken = this.aborts;
    this.aborts = [];
    return taken;
  }

  /** Waits until `count` close reports are pending, or `timeoutMs`; then takes them. */
  async waitForAborts(count: number, timeoutMs: number): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.aborts.length < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.abortWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.abortWaiter = undefined;
    return this.takeAborts();
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

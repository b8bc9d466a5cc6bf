import type { ChildProcess } from 'node:child_process';
import { spawnNode, stderrTail, stopChild, waitForLine } from './children.js';
import { memoryOf, type Memory } from './gateway-process.js';

/** bench/floor-proxy.mjs in a process of its own, placed where the gateway runs. */
export class FloorProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(upstreamUrl: string, cpu: number | undefined, nodeArgs: string[] = []): Promise<FloorProcess> {
    const child = spawnNode([...nodeArgs, 'bench/floor-proxy.mjs', upstreamUrl], { cpu });
    const match = await waitForLine(child, /listening on (http:\/\/\S+)/, 10_000, stderrTail(child));
    child.stdout?.resume();
    return new FloorProcess(child, match[1]!);
  }

  get pid(): number {
    return this.child.pid!;
  }

  memory(): Memory {
    return memoryOf(this.child.pid!);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { spawnNode, stderrTail, stopChild, waitForLine } from './children.js';

export interface GatewayLaunch {
  /** How the figure is labelled in the table. */
  label: string;
  /** A script node runs: bin/agentmesh.mjs, or bin/run-ts.mjs with the CLI source as its argument. */
  entry: string;
  entryArgs?: string[];
  cpu?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Added to the gateway's environment (NODE_EXTRA_CA_CERTS for the HTTPS upstream). */
  env?: Record<string, string>;
}

export interface GatewayFiles {
  configPath: string;
  dataDir: string;
  token: string;
}

export interface Memory {
  rssMb: number;
  /** Peak RSS since the process started. */
  hwmMb: number;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** The real gateway CLI in a child process of its own, so its memory is its own. */
export class GatewayProcess {
  /** When it printed its URL (performance.now()). */
  readonly listeningAt = performance.now();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly label: string,
  ) {}

  static async start(launch: GatewayLaunch, files: GatewayFiles): Promise<GatewayProcess> {
    const args = [
      ...(launch.nodeArgs ?? []),
      launch.entry,
      ...(launch.entryArgs ?? []),
      'gateway',
      '--config', files.configPath,
      '--port', '0',
      '--data-dir', files.dataDir,
      '--token', files.token,
      '--log-level', 'warn',
    ];
    const child = spawnNode(args, { cpu: launch.cpu, ...(launch.env ? { env: launch.env } : {}) });
    const match = await waitForLine(child, /listening on (http:\/\/\S+)/, 30_000, stderrTail(child));
    child.stdout?.resume();
    return new GatewayProcess(child, match[1]!, launch.label);
  }

  get pid(): number {
    return this.child.pid!;
  }

  memory(): Memory {
    return memoryOf(this.pid);
  }

  /** SIGTERM: the CLI closes the server, flushes the ledger and exits (writing a --cpu-prof). */
  stop(): Promise<void> {
    return stopChild(this.child, 8_000);
  }
}

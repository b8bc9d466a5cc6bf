import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from '../store/private-files.js';

/**
 * `<data-dir>/gateway.json`: where the gateway of this data dir listens, written once it
 * listens and removed when it stops, so CLI commands find it without reading the config file.
 */
export const runtimeFile = (dataDir: string) => join(dataDir, 'gateway.json');

export interface GatewayRuntime {
  url: string;
  pid: number;
  startedAt: string;
}

export function writeGatewayRuntime(dataDir: string, url: string): void {
  const runtime: GatewayRuntime = { url, pid: process.pid, startedAt: new Date().toISOString() };
  writePrivateFile(runtimeFile(dataDir), `${JSON.stringify(runtime, null, 2)}\n`);
}

/** Removes the file when it is this process's: another gateway may have taken the data dir since. */
export function removeGatewayRuntime(dataDir: string): void {
  if (readRuntimeFile(dataDir)?.pid === process.pid) rmSync(runtimeFile(dataDir), { force: true });
}

/** The running gateway of this data dir; undefined when none wrote the file or its process is gone. */
export function readGatewayRuntime(dataDir: string): GatewayRuntime | undefined {
  const runtime = readRuntimeFile(dataDir);
  return runtime && processAlive(runtime.pid) ? runtime : undefined;
}

function readRuntimeFile(dataDir: string): GatewayRuntime | undefined {
  const path = runtimeFile(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<GatewayRuntime>;
    return typeof parsed.url === 'string' && typeof parsed.pid === 'number' ? (parsed as GatewayRuntime) : undefined;
  } catch {
    // A half-written or hand-edited file says nothing reliable; the caller falls back to defaults.
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

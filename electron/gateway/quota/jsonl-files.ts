import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface FoundFile {
  path: string;
  mtimeMs: number;
  size: number;
}

/** Files under `dir` (to `depth` levels) whose name passes `keep`; a missing dir is empty. */
export async function findFiles(dir: string, keep: (name: string) => boolean, depth = 4): Promise<FoundFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: FoundFile[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) found.push(...(await findFiles(path, keep, depth - 1)));
    else if (entry.isFile() && keep(entry.name)) {
      const info = await stat(path).catch(() => undefined);
      if (info) found.push({ path, mtimeMs: info.mtimeMs, size: info.size });
    }
  }
  return found;
}

/** Sub-directory names of `dir`, sorted descending (YYYY, MM, DD folders: newest first). */
export async function subdirsNewestFirst(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort().reverse();
  } catch {
    return [];
  }
}

/** Bytes `from`..`to` of a file as text. */
export async function readRange(path: string, from: number, to: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, to - from));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The complete lines among the last `maxBytes` of a file (a cut first line is dropped). */
export async function tailLines(file: FoundFile, maxBytes: number): Promise<string[]> {
  const from = Math.max(0, file.size - maxBytes);
  const lines = (await readRange(file.path, from, file.size)).split('\n');
  if (from > 0) lines.shift();
  return lines.filter((line) => line.trim() !== '');
}

export function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

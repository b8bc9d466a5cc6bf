import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `content` to `path` if it differs, first copying the old file to `<path>.bak-<time>`. */
export function writeWithBackup(path: string, before: string | undefined, content: string): { changed: boolean; backup?: string } {
  if (before === content) return { changed: false };
  mkdirSync(dirname(path), { recursive: true });
  let backup: string | undefined;
  if (before !== undefined && existsSync(path)) {
    backup = `${path}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(path, backup);
  }
  writeFileSync(path, content, { mode: 0o600 });
  return { changed: true, backup };
}

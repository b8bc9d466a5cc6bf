import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import type { Logger } from '../log/logger.js';

// The data dir holds the token, provider keys (config.yaml) and every prompt (the database):
// owner only. Windows has no such modes; its profile directories are private already.
const posix = process.platform !== 'win32';
export const privateDirMode = 0o700;
export const privateFileMode = 0o600;
const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * Creates the directory owner-only, or tightens an existing one that others can read, saying
 * so in one log line. A shared directory (sticky, like /tmp) or someone else's is left alone
 * with a warning: changing it would break other users.
 */
export function ensurePrivateDir(dir: string, logger: Logger): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  if (!posix) return;
  const stat = statSync(dir);
  if ((stat.mode & 0o077) === 0) return;
  const shared = (stat.mode & 0o1000) !== 0 || (process.getuid !== undefined && stat.uid !== process.getuid());
  if (shared) {
    logger.warn('the data dir is shared with other users; keep secrets out of it or choose another --data-dir', { path: dir, mode: octal(stat.mode) });
    return;
  }
  chmodSync(dir, privateDirMode);
  logger.warn(`the data dir was ${octal(stat.mode)}; tightened to ${octal(privateDirMode)}`, { path: dir });
}

/** Makes an existing file owner-only (read and write). */
export function restrictFile(path: string): void {
  if (posix && existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, privateFileMode);
}

/**
 * Replaces a file's content in one step (a temporary file renamed over it), mode 0600 whatever
 * the old file's mode was. A symlink is followed, so a config kept elsewhere stays linked.
 */
export function writePrivateFile(path: string, text: string): void {
  const target = existsSync(path) ? realpathSync(path) : path;
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: privateFileMode, flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

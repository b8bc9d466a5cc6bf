import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './children.js';

/**
 * Bundles the CLI with esbuild (which tsx and vite bring along) so it runs on plain node,
 * without tsx's loader thread: the other RSS figure. Packages stay external and resolve
 * through a node_modules link, so the code loaded is the same as in a checkout.
 */
export function bundleCli(dir: string): string {
  const outfile = join(dir, 'cli.mjs');
  execFileSync(
    join(repoRoot, 'node_modules/.bin/esbuild'),
    ['electron/gateway/cli.ts', '--bundle', '--platform=node', '--format=esm', '--target=node20', '--packages=external', `--outfile=${outfile}`, '--log-level=warning'],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return outfile;
}

// The CLI bundle that `npm run build` writes (scripts/build-cli.mjs), and whether it is newer
// than every source it was built from. Shared by bin/agentmesh.mjs and the gateway bench.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const cliEntry = 'electron/gateway/cli.ts';
export const cliBundle = join(root, 'out', 'cli', 'agentmesh.mjs');
const sourceDirs = ['electron/gateway', 'shared'];
const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.test.ts');

/** True when some source below `dir` changed at or after `since` (a walk of ~250 files: ~2 ms). */
function changedSince(dir, since) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? changedSince(path, since) : isSource(entry.name) && statSync(path).mtimeMs >= since) return true;
  }
  return false;
}

export function bundleIsFresh() {
  let built;
  try {
    built = statSync(cliBundle).mtimeMs;
  } catch {
    return false;
  }
  return !sourceDirs.some((dir) => changedSince(join(root, dir), built));
}

import { execFileSync } from 'node:child_process';
import { bundleIsFresh, cliEntry } from '../bin/cli-bundle.mjs';
import { repoRoot } from './children.js';
import type { GatewayLaunch } from './gateway-process.js';

type Placement = Pick<GatewayLaunch, 'cpu' | 'nodeArgs'>;

/** Builds out/cli/agentmesh.mjs (scripts/build-cli.mjs); false when the checkout does not bundle. */
export function buildCli(): boolean {
  try {
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    return true;
  } catch {
    return false;
  }
}

/**
 * The real entry, bin/agentmesh.mjs. Its label says what it will run: the bundle, or the
 * sources through tsx when the build failed or someone has edited a source since.
 */
export function cliLaunch(built: boolean, placement: Placement): GatewayLaunch {
  const label = built && bundleIsFresh() ? 'bin/agentmesh.mjs → bundle' : 'bin/agentmesh.mjs → tsx, bundle missing or stale';
  return { label, entry: 'bin/agentmesh.mjs', ...placement };
}

/** The sources through tsx's loader, as bin/agentmesh.mjs runs them without a current bundle. */
export function sourceLaunch(placement: Placement): GatewayLaunch {
  return { label: 'sources through tsx, no build', entry: 'bin/run-ts.mjs', entryArgs: [cliEntry], ...placement };
}

import { execFileSync } from 'node:child_process';
import { bundleIsFresh, cliEntry } from '../bin/cli-bundle.mjs';
import { repoRoot } from './children.js';
import type { GatewayLaunch } from './gateway-process.js';

type Placement = Pick<GatewayLaunch, 'cpu' | 'nodeArgs' | 'env'>;

/** Builds out/cli/agentmesh.mjs (scripts/build-cli.mjs); false when the checkout does not bundle. */
function buildCli(): boolean {
  try {
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    return true;
  } catch {
    return false;
  }
}

/**
 * The real entry, bin/agentmesh.mjs, with the bundle built just before, since it runs the
 * bundle only while no source is newer. The label says what it runs: the bundle, or the
 * sources through tsx when the build failed or a source changed in between.
 */
export function cliLaunch(placement: Placement): GatewayLaunch {
  const label = buildCli() && bundleIsFresh() ? 'bin/agentmesh.mjs → bundle' : 'bin/agentmesh.mjs → tsx, bundle missing or stale';
  return { label, entry: 'bin/agentmesh.mjs', ...placement };
}

/** The sources through tsx's loader, as bin/agentmesh.mjs runs them without a current bundle. */
export function sourceLaunch(placement: Placement): GatewayLaunch {
  return { label: 'sources through tsx, no build', entry: 'bin/run-ts.mjs', entryArgs: [cliEntry], ...placement };
}

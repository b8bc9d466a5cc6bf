#!/usr/bin/env node
// Bundles the headless CLI for plain node (bin/agentmesh.mjs runs it when it is current), so
// the gateway runs without tsx's loader thread and transform cache. Packages stay external
// and resolve from node_modules at run time (better-sqlite3 is native).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { cliBundle, cliEntry } from '../bin/cli-bundle.mjs';

await build({
  absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
  entryPoints: [cliEntry],
  outfile: cliBundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

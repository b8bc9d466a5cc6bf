#!/usr/bin/env node
// Runs the CLI bundle on plain node when it is newer than every source it was built from;
// else the TypeScript through tsx's loader, so a checkout works without a build and fresh
// edits are never masked by a stale bundle. The bundle idles about 40 MB smaller.
import { pathToFileURL } from 'node:url';
import { bundleIsFresh, cliBundle } from './cli-bundle.mjs';

if (bundleIsFresh()) {
  await import(pathToFileURL(cliBundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/gateway/cli.ts');
}

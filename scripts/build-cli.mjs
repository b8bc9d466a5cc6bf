#!/usr/bin/env node
// Bundles the headless CLI for plain node (bin/agentmesh.mjs runs it when it is current), so
// the gateway runs without tsx's loader thread and transform cache. Packages stay external
// and resolve from node_modules at run time (better-sqlite3 is native).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
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

// V8 keeps a module's source in memory for as long as the process runs, one byte a character
// only while every character is Latin-1: a single "→" in a kept comment doubles it (~1 MB).
// esbuild escapes strings already; what is left is comment text, where an escape is as good.
const source = readFileSync(cliBundle, 'utf8');
const latin1 = source.replace(/[^\t\n\r\x20-\xff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (latin1 !== source) writeFileSync(cliBundle, latin1);

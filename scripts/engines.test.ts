import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

// `npm install` warns (EBADENGINE) for any package whose engines exclude the Node it runs on:
// the oldest Node we claim must satisfy every package installed, and the README must say it.
const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies(version: string, range: string): boolean; minVersion(range: string): { version: string } | null };
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

it('claims only Node versions that every installed package accepts, as the README says', () => {
  const range = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const oldest = semver.minVersion(range)!.version;
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  expect(lock.packages['']!.engines).toEqual({ node: range });
  const refusing = Object.entries(lock.packages)
    .filter(([path, entry]) => path && entry.engines && !Array.isArray(entry.engines) && entry.engines.node && !semver.satisfies(oldest, entry.engines.node))
    .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')} wants ${(entry.engines as { node: string }).node}`);
  expect(refusing).toEqual([]);
  expect(read('README.md')).toContain(`Node.js ${oldest.replace(/\.0$/, '')} or newer`);
});

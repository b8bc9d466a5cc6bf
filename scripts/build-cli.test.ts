import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { cliBundle } from '../bin/cli-bundle.mjs';

// The gateway keeps its bundle's source in memory all its life: one byte a character only while
// every character is Latin-1 (npm test builds the bundle before it runs the tests).
it.skipIf(!existsSync(cliBundle))('writes the CLI bundle in Latin-1 only, so V8 keeps its source at one byte a character', () => {
  const source = readFileSync(cliBundle, 'utf8');
  const wide = [...source].filter((char) => char.charCodeAt(0) > 0xff);
  expect(wide).toEqual([]);
  expect(source.length).toBeGreaterThan(100_000);
});

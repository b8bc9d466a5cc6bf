import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { defaultUiDir } from './default-ui-dir.js';

const root = mkdtempSync(join(tmpdir(), 'agentmesh-ui-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('finds out/renderer from the sources and from the CLI bundle alike', () => {
  writeFileSync(join(root, 'package.json'), '{}');
  mkdirSync(join(root, 'electron', 'gateway', 'http'), { recursive: true });
  mkdirSync(join(root, 'out', 'cli'), { recursive: true });
  const expected = join(root, 'out', 'renderer');
  expect(defaultUiDir(join(root, 'electron', 'gateway', 'http', 'default-ui-dir.ts'))).toBe(expected);
  expect(defaultUiDir(join(root, 'out', 'cli', 'agentmesh.mjs'))).toBe(expected);
});

it('is this checkout when called without a path', () => {
  expect(defaultUiDir()).toBe(join(process.cwd(), 'out', 'renderer'));
});

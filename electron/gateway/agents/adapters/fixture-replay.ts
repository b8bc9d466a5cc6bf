import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TaskEventBody } from '../../../../shared/schemas/task.js';
import type { AgentAdapter } from '../types.js';

/** Test support: recorded CLI output lives in __fixtures__, one stdout line per line. */
export const fixtureLines = (name: string): string[] => {
  const lines = readFileSync(fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url)), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/** Feeds a fixture through a fresh parser the way the process runner would, then ends the run. */
export function replay(adapter: AgentAdapter, name: string, exitCode: number | null = 0): TaskEventBody[] {
  const parser = adapter.createParser();
  return [...fixtureLines(name).flatMap((line) => parser.line(line)), ...parser.end(exitCode)];
}

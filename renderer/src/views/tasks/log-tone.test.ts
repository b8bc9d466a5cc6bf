import { describe, expect, it } from 'vitest';
import { logTone } from './log-tone';

describe('logTone', () => {
  it("reads Codex's and other CLIs' progress notices on stderr as plain output", () => {
    expect(logTone('Reading prompt from stdin...')).toBe('plain');
    expect(logTone('Loaded 3 MCP servers in 120ms')).toBe('plain');
  });

  it('marks lines that say they are warnings or errors', () => {
    expect(logTone('WARNING: proceeding, even though we could not update PATH')).toBe('warning');
    expect(logTone('fatal: could not open the project')).toBe('danger');
    expect(logTone('Error: ENOENT: no such file')).toBe('danger');
  });
});

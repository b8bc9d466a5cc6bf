import { describe, expect, it } from 'vitest';
import { automatic, emptyDraft, fanOut, submitInput } from './dispatch-draft';

describe('submitInput', () => {
  it('sends a plain task to automatic routing with no options', () => {
    expect(submitInput({ ...emptyDraft(), text: 'fix the build' })).toEqual({ input: { task: 'fix the build', target: automatic } });
  });

  it('carries the space, capabilities, timeout in seconds and worktree isolation', () => {
    const draft = { ...emptyDraft(automatic, 'space_1'), text: 'x', capabilities: ['docs'], timeoutMinutes: '1.5', worktree: true, cwd: ' /repo ' };
    expect(submitInput(draft)).toEqual({ input: { task: 'x', target: automatic, spaceId: 'space_1', capabilities: ['docs'], timeoutSeconds: 90, isolation: 'worktree', cwd: '/repo' } });
  });

  it('fans out to the agents picked, in the mode picked, and needs two of them', () => {
    const draft = { ...emptyDraft(fanOut), text: 'review', fanAgents: ['claude', 'codex'], mode: 'sequential' as const, capabilities: ['ignored'] };
    expect(submitInput(draft)).toEqual({ input: { task: 'review', target: automatic, agents: ['claude', 'codex'], mode: 'sequential' } });
    expect(submitInput({ ...draft, fanAgents: ['claude'] })).toEqual({ error: 'Pick at least two agents to send the task to.' });
  });

  it('says what to fix in a sentence', () => {
    expect(submitInput(emptyDraft())).toEqual({ error: 'Describe the task first.' });
    expect(submitInput({ ...emptyDraft(), text: 'x', timeoutMinutes: 'soon' })).toEqual({ error: 'Timeout must be a number of minutes above 0.' });
  });
});

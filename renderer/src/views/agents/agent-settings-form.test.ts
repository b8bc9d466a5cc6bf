import { describe, expect, it } from 'vitest';
import { agent } from '../../testing/fixtures';
import { agentPatch, initialAgentForm, registerAgentErrors } from './agent-settings-form';

describe('agent settings form', () => {
  it('sends nothing when nothing changed', () => {
    const echo = agent();
    expect(agentPatch(echo, initialAgentForm(echo))).toEqual({ patch: {}, errors: {} });
  });

  it('sends only the touched fields, converted', () => {
    const echo = agent();
    const form = { ...initialAgentForm(echo), maxConcurrent: '3', model: 'gpt-4o', timeoutMinutes: '1.5', gatewayRouting: 'on' as const, args: '-c\n{prompt}\n' };
    expect(agentPatch(echo, form).patch).toEqual({ maxConcurrent: 3, model: 'gpt-4o', timeoutMs: 90_000, routeModelsThroughGateway: true, args: ['-c', '{prompt}'] });
  });

  it('names bad numbers', () => {
    const echo = agent();
    const { errors } = agentPatch(echo, { ...initialAgentForm(echo), maxConcurrent: '0', timeoutMinutes: 'soon' });
    expect(errors).toEqual({
      maxConcurrent: 'Max concurrent tasks must be a whole number from 1 to 64',
      timeoutMinutes: 'Timeout must be more than 0 and at most 1440 minutes, or blank to keep it',
    });
  });

  it('says what a new agent lacks in sentences that name the field', () => {
    expect(registerAgentErrors({ id: '', adapter: 'command', path: '' })).toEqual({ id: 'Id is required', path: 'Executable is required for a command agent' });
    expect(registerAgentErrors({ id: '-x', adapter: 'codex', path: '' })).toEqual({ id: 'Id may use only letters, digits, ".", "_" and "-", and must start with a letter or digit' });
    expect(registerAgentErrors({ id: 'codex', adapter: 'codex', path: '' })).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { agentEnvironment } from './agent-env.js';
import { adapters } from './adapters/index.js';

const gateway = {
  PATH: '/usr/bin',
  HOME: '/home/ada',
  LANG: 'de_DE.UTF-8',
  LC_TIME: 'en_GB.UTF-8',
  AGENTMESH_TOKEN: 'the-gateway-token',
  OPENAI_API_KEY: 'sk-openai',
  CODEX_HOME: '/home/ada/.codex',
  AWS_REGION: 'eu-west-1',
  AWS_PROFILE: 'work',
};

describe('agent environment', () => {
  it('keeps the base names (LC_* as a prefix) and drops everything else', () => {
    expect(agentEnvironment(gateway, [], 'linux')).toEqual({ PATH: '/usr/bin', HOME: '/home/ada', LANG: 'de_DE.UTF-8', LC_TIME: 'en_GB.UTF-8' });
  });

  it('adds named extras and prefixes, but never the gateway token, even when asked', () => {
    const env = agentEnvironment(gateway, ['CODEX_HOME', 'AWS_*', 'AGENTMESH_TOKEN', 'AGENTMESH_*'], 'linux');
    expect(env).toMatchObject({ CODEX_HOME: '/home/ada/.codex', AWS_REGION: 'eu-west-1', AWS_PROFILE: 'work' });
    expect(env).not.toHaveProperty('AGENTMESH_TOKEN');
    expect(env).not.toHaveProperty('OPENAI_API_KEY');
  });

  it('matches names without regard to case on Windows, keeping their spelling', () => {
    const env = agentEnvironment({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', agentmesh_token: 'x', Secret: 'y' }, [], 'win32');
    expect(env).toEqual({ Path: 'C:\\Windows', SystemRoot: 'C:\\Windows' });
  });

  it.each(Object.values(adapters))('$id declares login variables that are places, not credentials', (adapter) => {
    for (const name of adapter.loginEnv) expect(name).not.toMatch(/KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/);
  });
});

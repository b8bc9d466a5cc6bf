import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../../shared/schemas/agent.js';
import { allowedRoots, resolveTaskCwd } from './task-cwd.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'agentmesh-roots-')));
const agent = (cwd?: string) => agentConfigSchema.parse({ id: 'a', adapter: 'command', path: '/bin/true', ...(cwd ? { cwd } : {}) });

describe('task cwd roots', () => {
  it('default to the home and temp directories; configured ones replace them, "~" is home, missing ones admit nothing', () => {
    expect(allowedRoots({})).toEqual([...new Set([realpathSync(homedir()), realpathSync(tmpdir())])]);
    expect(allowedRoots({ allowedRoots: ['~', root, join(root, 'missing')] })).toEqual([realpathSync(homedir()), root]);
  });

  it('admit only what lies inside a configured root or the agent\'s own cwd', () => {
    const project = join(root, 'project');
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(join(project, '..hidden'), { recursive: true });
    mkdirSync(elsewhere);
    expect(resolveTaskCwd('..hidden', agent(project), [])).toBe(join(project, '..hidden'));
    expect(resolveTaskCwd(elsewhere, agent(project), [root])).toBe(elsewhere);
    expect(() => resolveTaskCwd(elsewhere, agent(project), [])).toThrow(expect.objectContaining({ status: 400, code: 'CWD_NOT_ALLOWED' }));
    expect(() => resolveTaskCwd(root, agent(), [project])).toThrow(/outside the directories tasks may run in.*: .*project$/);
  });
});

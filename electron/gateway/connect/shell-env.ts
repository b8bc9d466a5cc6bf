import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { tokenFile } from '../config/token.js';
import type { ConnectContext, FileWriter } from './connect-types.js';

const begin = '# >>> agentmesh connect >>>';
const end = '# <<< agentmesh connect <<<';
const blockPattern = /\n?# >>> agentmesh connect >>>\n[\s\S]*?# <<< agentmesh connect <<<\n?/g;

/** ~/.zshrc or ~/.bashrc, whichever exists (zsh first); with neither, the one of $SHELL. */
export function shellProfilePath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME ?? homedir();
  const zsh = join(home, '.zshrc');
  const bash = join(home, '.bashrc');
  if (existsSync(zsh)) return zsh;
  if (existsSync(bash)) return bash;
  return basename(env.SHELL ?? '') === 'zsh' ? zsh : bash;
}

const singleQuoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function block(ctx: ConnectContext): string {
  const url = ctx.gatewayUrl.replace(/\/$/, '');
  const file = tokenFile(ctx.dataDir);
  const lines = [
    begin,
    `export AGENTMESH_URL=${singleQuoted(url)}`,
    `export AGENT_GATEWAY_URL=${singleQuoted(url)}`,
    `export OPENAI_API_BASE=${singleQuoted(`${url}/v1`)}`,
  ];
  // Read at shell start, so the token is not copied here and a rotated one is picked up.
  if (existsSync(file)) lines.push(`export AGENTMESH_TOKEN="$(cat ${singleQuoted(file)} 2>/dev/null)"`);
  lines.push(end);
  return lines.join('\n');
}

/** A marked block of exports at the end of the shell profile; disconnect removes just that block. */
export const shellEnvWriter: FileWriter = {
  path: (ctx) => shellProfilePath(ctx.env),
  edit(before, ctx) {
    const text = before ?? '';
    const next = block(ctx);
    if (text.includes(`${next}\n`)) return text;
    const without = text.replace(blockPattern, '\n').replace(/\n*$/, '');
    return `${without}${without ? '\n\n' : ''}${next}\n`;
  },
  undo: (text) => text.replace(blockPattern, '\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').replace(/\n+$/, '\n'),
};

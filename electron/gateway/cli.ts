import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { addAgentCommands } from './cli/agent-commands.js';
import { addConnectCommands } from './cli/connect-commands.js';
import { addEnvCommands } from './cli/env-commands.js';
import { addGatewayCommand } from './cli/gateway-command.js';
import { addInfoCommands } from './cli/info-commands.js';
import { addOrchestrationCommands } from './cli/orchestration-commands.js';
import { addProviderCommands } from './cli/provider-commands.js';
import { addSetupCommand } from './cli/setup-command.js';
import { addLogsCommand } from './cli/logs-command.js';
import { addMemoryCommands } from './cli/memory-commands.js';
import { addConfigCommand } from './cli/config-command.js';
import { addRouteCommand } from './cli/route-command.js';
import { addTaskCommands } from './cli/task-commands.js';

// Two levels up from both electron/gateway/cli.ts and the bundle at out/cli/agentmesh.mjs.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('agentmesh')
  .description('Local hub for coding agents and model providers')
  .version(version, '-v, --version', 'print the version')
  .showHelpAfterError();
addSetupCommand(program);
addGatewayCommand(program);
addConnectCommands(program);
addProviderCommands(program);
addInfoCommands(program);
addTaskCommands(program);
addAgentCommands(program);
addLogsCommand(program);
addRouteCommand(program);
addConfigCommand(program);
addEnvCommands(program);
addMemoryCommands(program);
addOrchestrationCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`agentmesh: ${error instanceof Error ? error.message : String(error)}\n`);
  // A config file's fault comes with its line and a caret under it.
  const snippet = (error as { snippet?: unknown } | null)?.snippet;
  if (typeof snippet === 'string') process.stderr.write(`${snippet}\n`);
  process.exit(1);
});

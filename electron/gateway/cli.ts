import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
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
import { addServiceCommands } from './cli/service-commands.js';

// Two levels up from both electron/gateway/cli.ts and the bundle at out/cli/agentmesh.mjs.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Every `agentmesh` command. */
function addAllCommands(root: Command): void {
  addSetupCommand(root);
  addGatewayCommand(root);
  addConnectCommands(root);
  addProviderCommands(root);
  addInfoCommands(root);
  addTaskCommands(root);
  addAgentCommands(root);
  addLogsCommand(root);
  addRouteCommand(root);
  addConfigCommand(root);
  addEnvCommands(root);
  addMemoryCommands(root);
  addOrchestrationCommands(root);
  addServiceCommands(root.command('service').description('agent services: supervised agent servers and their WebSocket clients (specs/004)'));
}

// bin/myagent-manager.mjs: the specs/004 name, whose commands are `agentmesh service …` at the top level.
const asManager = basename(process.argv[1] ?? '').startsWith('myagent-manager');
const program = new Command(asManager ? 'myagent-manager' : 'agentmesh')
  .description(asManager ? 'Agent services of an AgentMesh gateway: register, supervise, route and proxy' : 'Local hub for coding agents and model providers')
  .version(version, '-v, --version', 'print the version')
  .showHelpAfterError();
if (asManager) addServiceCommands(program);
else addAllCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${program.name()}: ${error instanceof Error ? error.message : String(error)}\n`);
  // A config file's fault comes with its line and a caret under it.
  const snippet = (error as { snippet?: unknown } | null)?.snippet;
  if (typeof snippet === 'string') process.stderr.write(`${snippet}\n`);
  process.exit(1);
});

import { Command } from 'commander';
import { addConfigCommand } from './cli/config-command.js';
import { addConnectCommands } from './cli/connect-commands.js';
import { addGatewayCommand } from './cli/gateway-command.js';
import { addRouteCommand } from './cli/route-command.js';
import { addTaskCommands } from './cli/task-commands.js';

const program = new Command('agentmesh').description('Local hub for coding agents and model providers').showHelpAfterError();
addGatewayCommand(program);
addConnectCommands(program);
addTaskCommands(program);
addRouteCommand(program);
addConfigCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`agentmesh: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import type { Command } from 'commander';
import type { MessageResult } from '../../../shared/schemas/orchestration.js';
import { runStdioBridge } from '../mcp/mcp-stdio.js';
import { addressOptions } from './address-options.js';
import { apiClient } from './api-client.js';
import { gatewayAddress } from './gateway-address.js';
import { clientFlagsSchema, messageFlagsSchema, parseFlags } from './options.js';
import { output } from './output.js';
import { followAndPrint, waitAndPrint } from './task-wait.js';

/** `agentmesh message` (POST /api/v1/message as the CLI) and `agentmesh mcp` (the runtime tools on stdio). */
export function addOrchestrationCommands(program: Command): void {
  addressOptions(program.command('message').argument('<text...>', 'what to ask'))
    .description('send a message to the orchestrator, which plans and dispatches the work (the CLI may also address any agent with --to)')
    .option('--to <agent>', 'another agent than the orchestrator')
    .option('--session <id>', 'a session: its messages share their history')
    .option('--no-wait', 'print the task id and return at once')
    .option('--follow', "stream the orchestrator's events until it ends")
    .option('--json', 'print JSON')
    .action(async (text: string[], raw) => {
      const flags = parseFlags(messageFlagsSchema, raw);
      const api = apiClient(flags);
      const answer = await api.call<MessageResult>('POST', '/api/v1/message', {
        message: text.join(' '),
        sender: 'cli',
        ...(flags.to ? { target: flags.to } : {}),
        ...(flags.session ? { sessionId: flags.session } : {}),
      });
      const line = () => `${answer.taskId}  sent to ${answer.target} (workflow ${answer.workflowId})`;
      if (!flags.wait && !flags.follow) return output(flags.json, answer, line);
      if (!flags.json) output(false, answer, line);
      if (flags.follow) await followAndPrint(api, answer.taskId, flags.json);
      else await waitAndPrint(api, answer.taskId, flags.json);
    });

  addressOptions(program.command('mcp'))
    .description('serve the runtime tools (agent.list, agent.dispatch, agent.control, …) over MCP on stdin/stdout, from the running gateway')
    .action(async (raw) => {
      const { url, token } = gatewayAddress(parseFlags(clientFlagsSchema, raw));
      // stdout belongs to the protocol: nothing else may be printed there.
      await runStdioBridge({ url, token });
    });
}

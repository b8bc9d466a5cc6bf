import type { Command } from 'commander';
import { runStdioBridge } from '../mcp/mcp-stdio.js';
import { addressOptions } from './address-options.js';
import { gatewayAddress } from './gateway-address.js';
import { clientFlagsSchema, parseFlags } from './options.js';

export function addMcpCommand(program: Command): void {
  addressOptions(program.command('mcp'))
    .description("serve the runtime tools (agent.list, agent.dispatch, agent.control, …) over MCP on stdin/stdout, from the running gateway")
    .action(async (raw) => {
      const { url, token } = gatewayAddress(parseFlags(clientFlagsSchema, raw));
      // stdout belongs to the protocol: nothing else may be printed there.
      await runStdioBridge({ url, token });
    });
}

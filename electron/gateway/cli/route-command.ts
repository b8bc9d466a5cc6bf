import type { Command } from 'commander';
import { z } from 'zod';
import type { TaskRouteDecision } from '../../../shared/schemas/task-routing.js';
import { ApiClient } from './api-client.js';
import { addressOptions } from './address-options.js';
import { table } from './format.js';
import { gatewayAddress } from './gateway-address.js';
import { clientFlagsSchema, parseFlags } from './options.js';

const routeFlagsSchema = clientFlagsSchema.extend({ cap: z.string().min(1).optional() });

/** What a person reads: the agent(s) the task goes to and why, then every rule that matched. */
export function formatRoute(decision: TaskRouteDecision): string {
  const head = decision.agents.length ? `→ ${decision.agents.join(', ')}${decision.strategy === 'broadcast' ? ' (broadcast)' : ''}\n  ${decision.reason}` : `✗ ${decision.reason}`;
  if (!decision.matches.length) return head;
  const rows = decision.matches.map((match) => [match.rule, String(match.priority), match.keywords.join(', '), match.outcome]);
  return `${head}\n\n${table(['RULE', 'PRIORITY', 'MATCHED', 'OUTCOME'], rows)}`;
}

export function addRouteCommand(program: Command): void {
  const route = program.command('route').description('task rules (routing:) of a running gateway');
  addressOptions(route.command('test').argument('<text...>', 'the task text'))
    .description('show which agent a task sent to the gateway would go to, and which rule won and why (nothing is submitted)')
    .option('--cap <capabilities>', 'comma-separated capabilities the task asks for')
    .option('--json', 'print JSON')
    .action(async (text: string[], raw) => {
      const flags = parseFlags(routeFlagsSchema, raw);
      const { url, token } = gatewayAddress(flags);
      const capabilities = flags.cap?.split(',').map((item) => item.trim()).filter(Boolean) ?? [];
      const decision = await new ApiClient(url, token).call<TaskRouteDecision>('POST', '/routing/test', { task: text.join(' '), capabilities });
      process.stdout.write(`${flags.json ? JSON.stringify(decision, null, 2) : formatRoute(decision)}\n`);
      // Scripts can tell "nothing would take it" from the exit code.
      if (decision.agents.length === 0) process.exitCode = 1;
    });
}

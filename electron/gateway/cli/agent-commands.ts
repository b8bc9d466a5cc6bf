import type { Command } from 'commander';
import { z } from 'zod';
import { agentIdSchema } from '../../../shared/schemas/agent.js';
import { GatewayClient } from '../../../clients/typescript/index.js';
import { resolveExecutable } from '../agents/detect.js';
import { TOKEN_ENV } from '../agents/adapters/plan-env.js';
import { killActiveRuns } from '../tasks/process-runner.js';
import { ApiClient } from './api-client.js';
import { commandTaskHandler } from './command-agent.js';
import { addressOptions } from './address-options.js';
import { gatewayAddress } from './gateway-address.js';
import { clientFlagsSchema, parseFlags } from './options.js';

const runFlagsSchema = z.strictObject({
  id: agentIdSchema,
  name: z.string().min(1).max(200).optional(),
  capabilities: z.string().optional(),
  gateway: z.string().regex(/^(wss?|https?):\/\//i, 'a ws://, wss://, http:// or https:// URL').optional(),
  token: z.string().min(1).optional(),
  maxConcurrent: z.coerce.number().int().min(1).max(64).default(1),
  cwd: z.string().min(1).optional(),
  timeout: z.coerce.number().int().positive().optional(),
  config: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
});

const log = (line: string) => void process.stderr.write(`agentmesh agent: ${line}\n`);

async function runAgent(command: string[], raw: unknown): Promise<void> {
  const flags = parseFlags(runFlagsSchema, raw);
  const { url, token } = gatewayAddress({ url: flags.gateway, token: flags.token, config: flags.config, dataDir: flags.dataDir });
  const binary = resolveExecutable(command[0]!);
  if (!binary) throw new Error(`${command[0]} not found (give a path, or a program on PATH)`);
  // The program is the agent's work; the credential that connects it stays with us.
  const { [TOKEN_ENV]: _token, ...env } = process.env;
  const capabilities = flags.capabilities?.split(',').map((entry) => entry.trim()).filter(Boolean) ?? [];
  const client = new GatewayClient({ gatewayUrl: url, agentId: flags.id, agentName: flags.name, capabilities, token, maxConcurrent: flags.maxConcurrent });
  const handler = commandTaskHandler({ id: flags.id, command, binary, cwd: flags.cwd ?? process.cwd(), timeoutSeconds: flags.timeout, env });
  client.onTask(async (task, context) => {
    log(`task ${task.task_id} started`);
    try {
      const result = await handler(task, context);
      log(`task ${task.task_id} completed`);
      return result;
    } catch (error) {
      log(`task ${task.task_id} ${context.signal.aborted ? 'cancelled' : `failed: ${(error as Error).message}`}`);
      throw error;
    }
  });
  let stopping = false;
  client.onStateChange((state) => {
    if (state === 'connected') log(`connected to ${url} as ${flags.id} (session ${client.sessionId})`);
    else if (state === 'reconnecting') log('connection lost; reconnecting');
    else if (state === 'closed' && !stopping) {
      log('disconnected for good (refused, replaced by another connection, or token revoked)');
      process.exitCode = 1;
    }
  });
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await client.close();
    process.exit(process.exitCode ?? 0);
  };
  // Running programs lead their own process groups: never leave them behind.
  process.on('exit', () => killActiveRuns());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await client.connect();
}

export function addAgentCommands(program: Command): void {
  const agent = program.command('agent').description('remote agents: turn a command into an agent of a gateway, and manage their tokens');

  agent
    .command('run')
    .description('connect to a gateway as an agent; each task runs COMMAND (no shell; {prompt} in ARGS, else on stdin), its output streamed as progress')
    .argument('<command...>', 'after --: the program and its arguments')
    .requiredOption('--id <id>', 'agent id')
    .option('--name <name>', 'display name')
    .option('--capabilities <list>', 'comma-separated capabilities tasks are routed by')
    .option('--gateway <url>', 'gateway address, ws:// or http:// (default: $AGENTMESH_URL, else the local gateway)')
    .option('--token <t>', 'management token or a per-agent token (default: $AGENTMESH_TOKEN, config, or the data dir token file)')
    .option('--max-concurrent <n>', 'tasks at once (1)')
    .option('--cwd <dir>', 'directory the program runs in (default: here)')
    .option('--timeout <seconds>', 'stop a task after this long')
    .option('--config <file>', 'gateway config file to read port and token from')
    .option('--data-dir <dir>', 'gateway data dir (default: ~/.agentmesh)')
    .action((command: string[], raw) => runAgent(command, raw));

  const tokens = agent.command('token').description('per-agent tokens: each opens only /gateway/connect, as its own agent id');
  const client = (raw: unknown) => {
    const { url, token } = gatewayAddress(parseFlags(clientFlagsSchema, raw));
    return new ApiClient(url, token);
  };
  addressOptions(tokens.command('create').argument('<id>', 'agent id'))
    .description('create a token for one agent (shown once)')
    .action(async (id: string, raw) => {
      const created = await client(raw).call<{ token: string; token_id: string }>('POST', `/agents/${encodeURIComponent(id)}/tokens`);
      process.stdout.write(`${created.token}\n`);
      log(`token ${created.token_id} for ${id}; it connects only as ${id}: agentmesh agent run --id ${id} --token <token> -- COMMAND`);
    });
  addressOptions(tokens.command('list').argument('<id>', 'agent id'))
    .description("list an agent's tokens (ids and use, never the tokens)")
    .action(async (id: string, raw) => {
      const { tokens: list } = await client(raw).call<{ tokens: unknown[] }>('GET', `/agents/${encodeURIComponent(id)}/tokens`);
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    });
  addressOptions(tokens.command('revoke').argument('<id>', 'agent id').argument('<tokenId>', 'token id (from list)'))
    .description('revoke a token; connections opened with it are closed')
    .action(async (id: string, tokenId: string, raw) => {
      await client(raw).call('DELETE', `/agents/${encodeURIComponent(id)}/tokens/${encodeURIComponent(tokenId)}`);
      log(`revoked ${tokenId}`);
    });
}

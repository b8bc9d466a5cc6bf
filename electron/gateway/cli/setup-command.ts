import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadOrCreateToken, tokenFile } from '../config/token.js';
import { connectClient, detectedClients, type ConnectOutcome } from '../connect/connections.js';
import { defaultDataDir } from '../server.js';
import { describeConnect } from './connect-commands.js';
import { replaceConfigFile } from './config-edit.js';
import { parseFlags } from './options.js';
import { output, print } from './output.js';
import { createPrompter } from './prompter.js';
import { findAgentClis } from './setup-agents.js';
import { askPlan, defaultPlan, setupDocument, type SetupPlan } from './setup-wizard.js';

const setupFlagsSchema = z.strictObject({
  yes: z.boolean().optional(),
  connect: z.boolean().optional(),
  force: z.boolean().optional(),
  config: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  port: z.coerce.number().int().min(1).max(65_535).default(3000),
  json: z.boolean().optional(),
});

function nextSteps(plan: SetupPlan, configPath: string, dataDir: string, defaultPath: boolean): string {
  const url = `http://127.0.0.1:${plan.port}`;
  const model = plan.providers[0]?.models[0] ?? plan.providers[0]?.id ?? 'MODEL';
  const token = `$(cat ${tokenFile(dataDir)})`;
  return [
    'Next:',
    `  agentmesh gateway${defaultPath ? '' : ` --config ${configPath}`}        # start it (Ctrl-C stops it)`,
    `  curl -s ${url}/v1/chat/completions -H "Authorization: Bearer ${token}" -H 'content-type: application/json' \\`,
    `    -d '{"model":"${model}","messages":[{"role":"user","content":"Say hello"}]}'`,
    ...(plan.connect.length ? [] : ['  agentmesh connect codex && agentmesh connect claude   # send their model calls through it']),
    ...(plan.agents.length ? [`  agentmesh task "list the files here"                   # a task for ${plan.agents.map((agent) => agent.id).join(' or ')}`] : []),
  ].join('\n');
}

export function addSetupCommand(program: Command): void {
  program
    .command('setup')
    .description('create the gateway config: providers from presets (paste a key), agents found on PATH, then connect Codex and Claude Code')
    .option('--yes', 'ask nothing: providers whose key is set in the environment, every agent found on PATH')
    .option('--connect', 'with --yes: also connect Codex and Claude Code when found')
    .option('--force', 'with --yes: replace an existing config (the old one is kept as config.yaml.1)')
    .option('--config <file>', 'where to write the config (default: <data-dir>/config.yaml)')
    .option('--data-dir <dir>', 'gateway data dir (default: $AGENTMESH_DATA_DIR, else ~/.agentmesh)')
    .option('--port <n>', 'the port the gateway will listen on', '3000')
    .option('--json', 'print what was written as JSON')
    .action(async (raw) => {
      const flags = parseFlags(setupFlagsSchema, raw);
      const dataDir = flags.dataDir ?? defaultDataDir();
      const configPath = flags.config ?? join(dataDir, 'config.yaml');
      const facts = { env: process.env, agents: findAgentClis(), clients: detectedClients(process.env), port: flags.port };
      if (!flags.yes && !process.stdin.isTTY) throw new Error('setup asks questions: run it in a terminal, or pass --yes to take the defaults');

      let plan: SetupPlan;
      if (flags.yes) {
        if (existsSync(configPath) && !flags.force) throw new Error(`${configPath} exists; pass --force to replace it (the old one is kept as ${configPath}.1)`);
        plan = defaultPlan(facts);
        if (flags.connect) plan.connect = facts.clients.filter((id) => id === 'codex' || id === 'claude');
      } else {
        const prompter = createPrompter(process.stdin, process.stdout, true);
        try {
          prompter.say(`AgentMesh setup: writes ${configPath}`);
          if (existsSync(configPath) && !(await prompter.confirm(`${configPath} exists. Replace it? (the current one is kept as ${configPath}.1)`, false))) {
            prompter.say('Nothing written.');
            return;
          }
          plan = await askPlan(prompter, facts);
        } finally {
          prompter.close();
        }
      }

      replaceConfigFile(configPath, setupDocument(plan));
      // The token the gateway will use, made now so clients can be connected before it first starts.
      const token = loadOrCreateToken(dataDir);
      const ctx = { gatewayUrl: `http://127.0.0.1:${plan.port}`, token, dataDir, env: process.env, providerId: 'agentmesh' };
      const connected: ConnectOutcome[] = plan.connect.map((id) => connectClient(id, ctx));
      const written = { path: configPath, providers: plan.providers.map((provider) => provider.id), agents: plan.agents.map((agent) => agent.id), routes: plan.fallbackProvider, connected: connected.map((outcome) => outcome.client) };
      output(flags.json, written, () =>
        [
          `Wrote ${configPath}: ${plan.providers.length} provider(s)${plan.providers.length ? ` (${written.providers.join(', ')})` : ''}, ${plan.agents.length} agent(s)${plan.agents.length ? ` (${written.agents.join(', ')})` : ''}.`,
          ...(plan.providers.length ? [] : ['No provider yet: add one with  agentmesh provider add --preset deepseek  (agentmesh provider presets lists them).']),
          ...connected.map((outcome) => describeConnect(outcome, false, token)),
          '',
          nextSteps(plan, configPath, dataDir, !flags.config || configPath === join(dataDir, 'config.yaml')),
        ].join('\n'),
      );
      if (!flags.json && flags.yes && !flags.connect && facts.clients.length) print(`Found ${facts.clients.join(', ')}: agentmesh connect all  points them at the gateway.`);
    });
}

import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import type { RuleCondition } from '../../../shared/schemas/services.js';
import { addressOptions } from './address-options.js';
import { apiClient, type ApiClient } from './api-client.js';
import { clientFlagsSchema, parseFlags } from './options.js';
import { list, output, print } from './output.js';
import { formatConnections, formatLogLine, formatMonitor, formatOverview, formatRules, formatService, formatServices } from './service-format.js';

// The API's answers are printed, not computed with: typed loosely on purpose.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const v1 = (client: ApiClient, method: string, path: string, body?: unknown) => client.call<Json>(method, `/api/v1${path}`, body);
const id = (name: string) => encodeURIComponent(name);
const text = z.string().min(1).optional();
const count = z.coerce.number().int().positive().optional();
const serviceFlagsSchema = clientFlagsSchema.extend({
  host: text, tags: text, maxSessions: count, description: text, autoRestart: z.boolean().optional(), start: z.boolean().optional(),
  tag: text, status: text, service: text, interval: z.coerce.number().positive().optional(), count, level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  limit: count, follow: z.boolean().optional(), reason: text, notify: z.boolean().optional(),
  condition: z.array(z.string()).optional(), targetTag: z.array(z.string()).optional(), strategy: text, priority: z.coerce.number().int().optional(), disabled: z.boolean().optional(),
});
const flags = (raw: unknown) => parseFlags(serviceFlagsSchema, raw);
const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `--condition` text: `header.x-user-tier=vip` (equals), `!=` (not_equals), `*=` (contains),
 * `^=` (prefix), `~=` (regex), and `field in a,b` (in).
 */
export function parseCondition(text: string): RuleCondition {
  const inMatch = /^\s*(\S+)\s+in\s+(.+)$/.exec(text);
  if (inMatch) return { field: inMatch[1]!, operator: 'in', value: inMatch[2]!.split(',').map((item) => item.trim()) };
  const match = /^\s*([^\s!*^~=]+)\s*(!=|\*=|\^=|~=|=)\s*(.*)$/.exec(text);
  if (!match) throw new Error(`cannot read condition '${text}': use field=value, !=, *=, ^=, ~= or 'field in a,b'`);
  const operators = { '=': 'equals', '!=': 'not_equals', '*=': 'contains', '^=': 'prefix', '~=': 'regex' } as const;
  return { field: match[1]!, operator: operators[match[2] as keyof typeof operators], value: match[3]! };
}

/** The specs/004 CLI: under `agentmesh service`, and at the top level of `myagent-manager`. */
export function addServiceCommands(parent: Command): void {
  addressOptions(parent.command('register').argument('<name>').argument('<path>', 'the agent server: .py (python3), .js/.mjs (node) or an executable'), { port: false })
    .description('register an agent service (its port is given to it as $PORT)')
    .option('--port <n>', "the service's port (default: a free one; give the gateway's address with --url)")
    .option('--host <host>', 'the address it listens on', '127.0.0.1')
    .option('--tags <list>', 'comma-separated tags')
    .option('--max-sessions <n>', 'client sessions it takes at once')
    .option('--description <text>', 'what it does')
    .option('--no-auto-restart', 'leave it stopped when it crashes')
    .option('--start', 'start it once registered')
    .option('--json', 'print JSON')
    .action(async (name: string, path: string, raw) => {
      const { port, ...options } = flags(raw);
      const body = {
        name, agent_factory_path: resolve(path), host: options.host, tags: list(options.tags) ?? [], start: Boolean(options.start),
        ...(port ? { port } : {}),
        ...(options.description ? { description: options.description } : {}),
        config: { ...(options.maxSessions ? { max_sessions: options.maxSessions } : {}), auto_restart: options.autoRestart !== false },
      };
      const answer = await v1(apiClient(options), 'POST', '/services', body);
      output(options.json, answer, () => `registered ${name} (${answer.service_id}) at ${answer.endpoint}${options.start ? `, ${answer.status}` : ''}`);
    });

  for (const [verb, done] of [['start', 'started'], ['stop', 'stopped'], ['restart', 'restarted']] as const) {
    addressOptions(parent.command(verb).argument('<name>'))
      .description(`${verb} a service`)
      .option('--json', 'print JSON')
      .action(async (name: string, raw) => {
        const options = flags(raw);
        const answer = await v1(apiClient(options), 'POST', `/services/${id(name)}/${verb}`);
        output(options.json, answer, () => `${name} ${done} (${answer.status})`);
      });
  }

  addressOptions(parent.command('show').argument('<name>'))
    .description('a service: config, stats, health, supervision')
    .option('--json', 'print JSON')
    .action(async (name: string, raw) => {
      const options = flags(raw);
      const answer = await v1(apiClient(options), 'GET', `/services/${id(name)}`);
      output(options.json, answer, () => formatService(answer));
    });

  addressOptions(parent.command('remove').argument('<name>'))
    .description('stop and unregister a service')
    .option('--json', 'print JSON')
    .action(async (name: string, raw) => {
      const options = flags(raw);
      const answer = await v1(apiClient(options), 'DELETE', `/services/${id(name)}`);
      output(options.json, answer, () => `removed ${name}`);
    });

  addressOptions(parent.command('list'))
    .description('registered services')
    .option('--tag <tag>', 'only those with this tag')
    .option('--status <status>', 'only those in this status (running, stopped, error, crash_loop…)')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const options = flags(raw);
      const query = new URLSearchParams({ limit: '1000', ...(options.tag ? { tag: options.tag } : {}), ...(options.status ? { status: options.status } : {}) });
      const answer = await v1(apiClient(options), 'GET', `/services?${query}`);
      output(options.json, answer, () => formatServices(answer.services));
    });

  addressOptions(parent.command('status'))
    .description('overall figures: services, connections, sessions, performance, resources')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const options = flags(raw);
      const answer = await v1(apiClient(options), 'GET', '/stats/overview');
      output(options.json, answer, () => formatOverview(answer));
    });

  addressOptions(parent.command('monitor'))
    .description('a live table of services (Ctrl-C to quit)')
    .option('--service <name>', 'only this service')
    .option('--interval <seconds>', 'seconds between refreshes (default 5)')
    .option('--count <n>', 'stop after this many refreshes')
    .action(async (raw) => {
      const options = flags(raw);
      const client = apiClient(options);
      const frames = options.count ?? Number.POSITIVE_INFINITY;
      for (let frame = 0; frame < frames; frame++) {
        if (frame > 0) await delay((options.interval ?? 5) * 1_000);
        const names: string[] = options.service ? [options.service] : (await v1(client, 'GET', '/services?limit=1000')).services.map((service: Json) => service.service_id);
        const details = await Promise.all(names.map((name) => v1(client, 'GET', `/services/${id(name)}`)));
        // Redraw in place on a terminal; append frames when piped.
        if (process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
        print(formatMonitor(details, new Date()));
      }
    });

  addressOptions(parent.command('logs').argument('<name>'))
    .description("a service's output lines")
    .option('--level <level>', 'this level and above: debug, info, warn, error')
    .option('--limit <n>', 'lines to show (default 100)')
    .option('--follow', 'keep printing new lines')
    .option('--json', 'print JSON lines')
    .action(async (name: string, raw) => {
      const options = flags(raw);
      const client = apiClient(options);
      const show = (entry: Json) => print(options.json ? JSON.stringify(entry) : formatLogLine(entry));
      const level = options.level ? `&level=${encodeURIComponent(options.level)}` : '';
      let last = 0;
      for (let first = true; first || options.follow; first = false) {
        if (!first) await delay(500);
        const answer = await v1(client, 'GET', `/logs/services/${id(name)}?limit=${first ? (options.limit ?? 100) : 1000}&after_id=${last}${level}`);
        for (const entry of answer.logs) show(entry);
        last = answer.logs.at(-1)?.id ?? last;
      }
    });

  addressOptions(parent.command('health-check').argument('<name>'))
    .description('check a service now (exit code 1 when it fails)')
    .option('--json', 'print JSON')
    .action(async (name: string, raw) => {
      const options = flags(raw);
      const answer = await v1(apiClient(options), 'POST', `/health/services/${id(name)}/check`);
      output(options.json, answer, () => `${name}: ${answer.status} (${answer.response_time_ms} ms)`);
    });

  addressOptions(parent.command('connections'))
    .description('client connections through the proxy')
    .option('--service <name>', 'only those of this service')
    .option('--status <status>', 'active or closed')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const options = flags(raw);
      const query = new URLSearchParams({ limit: '1000', ...(options.service ? { service_id: options.service } : {}), ...(options.status ? { status: options.status } : {}) });
      const answer = await v1(apiClient(options), 'GET', `/connections?${query}`);
      output(options.json, answer, () => formatConnections(answer.connections));
    });

  addressOptions(parent.command('disconnect').argument('<connection-id>'))
    .description('close a client connection')
    .option('--reason <text>', 'told to the client', 'Administrative disconnect')
    .option('--no-notify', 'close without telling the client why')
    .option('--json', 'print JSON')
    .action(async (connectionId: string, raw) => {
      const options = flags(raw);
      const answer = await v1(apiClient(options), 'POST', `/connections/${id(connectionId)}/disconnect`, { reason: options.reason, notify_client: options.notify !== false });
      output(options.json, answer, () => `disconnected ${connectionId}`);
    });

  addRuleCommands(parent.command('route').description('service rules: which service a proxied client reaches (not model routes, not task rules)'));
}

function addRuleCommands(route: Command): void {
  addressOptions(route.command('create').argument('<name>'))
    .description('add a service rule')
    .option('--condition <cond>', 'header.<name>, query.<name> or client_ip with =, !=, *=, ^=, ~= or "in a,b" (repeatable; all must hold)', collect)
    .option('--target-tag <tag>', 'services must have this tag (repeatable or comma-separated)', collect)
    .option('--strategy <s>', 'least_connections, round_robin, random or weighted', 'least_connections')
    .option('--priority <n>', 'higher first (default 0)')
    .option('--disabled', 'create it switched off')
    .option('--json', 'print JSON')
    .action(async (name: string, raw) => {
      const options = flags(raw);
      const body = {
        name, priority: options.priority ?? 0, conditions: (options.condition ?? []).map(parseCondition),
        target_strategy: options.strategy, target_tags: (options.targetTag ?? []).flatMap((tag) => list(tag) ?? []), enabled: !options.disabled,
      };
      const answer = await v1(apiClient(options), 'POST', '/routing/rules', body);
      output(options.json, answer, () => `created rule ${name} (${answer.rule_id})`);
    });
  addressOptions(route.command('list'))
    .description('service rules, highest priority first')
    .option('--json', 'print JSON')
    .action(async (raw) => {
      const options = flags(raw);
      const answer = await v1(apiClient(options), 'GET', '/routing/rules');
      output(options.json, answer, () => formatRules(answer.rules));
    });
  addressOptions(route.command('delete').argument('<name>', 'rule name or id'))
    .description('remove a service rule')
    .option('--json', 'print JSON')
    .action(async (name: string, raw) => {
      const options = flags(raw);
      const answer = await v1(apiClient(options), 'DELETE', `/routing/rules/${id(name)}`);
      output(options.json, answer, () => `deleted rule ${name}`);
    });
}

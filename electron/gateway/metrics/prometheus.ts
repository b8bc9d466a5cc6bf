import type { Registry } from 'prom-client';
import { terminalStatuses } from '../../../shared/schemas/task.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { EventBus } from '../events/bus.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { ProviderStates } from '../models/providers/provider-states.js';
import type { HubMessageRecord } from '../hub/message-store.js';
import type { UsageLedger, UsageRow } from '../store/usage-ledger.js';

export interface PrometheusDeps {
  bus: EventBus<GatewayEvents>;
  agents: AgentRegistry;
  providers: ProviderStates;
  ledger: UsageLedger;
  /** Agents connected over the hub now. */
  hubConnections(): number;
}

const circuitValue = { closed: 0, 'half-open': 1, open: 2 } as const;
// Inbound kinds of ledger rows that are not model calls through the gateway (an agent's own report).
const reported = new Set(['agent', 'agent-report']);

type PromClient = typeof import('prom-client');
type Feed = (row: UsageRow | GatewayEvents['task_status'] | HubMessageRecord, kind: 'usage' | 'task' | 'hub') => void;

export interface Prometheus {
  /** The registry, built (and prom-client loaded) on first use. */
  registry(): Promise<Registry>;
  stop(): void;
}

/**
 * The gateway's Prometheus series (README "Prometheus metrics"): one registry per gateway, fed
 * by the event bus. prom-client (~13 MB with its default collectors) is loaded by the first
 * scrape or the first thing worth counting, so a gateway that has served nothing does not
 * carry it; what happens while it loads is counted once it has.
 */
export function createPrometheus(deps: PrometheusDeps): Prometheus {
  const waiting: Parameters<Feed>[] = [];
  let built: Promise<Registry> | undefined;
  const load = () =>
    (built ??= import('prom-client').then((client) => {
      const metrics = buildRegistry(client, deps);
      for (const [item, kind] of waiting.splice(0)) metrics.feed(item, kind);
      feed = metrics.feed;
      return metrics.registry;
    }));
  let feed: Feed = (item, kind) => {
    waiting.push([item, kind]);
    void load();
  };
  const offs = [
    deps.ledger.onRecord((row) => feed(row, 'usage')),
    deps.bus.on('task_status', (event) => {
      if (event.agent && terminalStatuses.includes(event.status)) feed(event, 'task');
    }),
    deps.bus.on('hub.message', (record) => feed(record, 'hub')),
  ];
  return { registry: load, stop: () => offs.forEach((off) => void off()) };
}

function buildRegistry(client: PromClient, deps: PrometheusDeps): { registry: Registry; feed: Feed } {
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = client;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'agentmesh_' });
  const calls = new Counter({ name: 'agentmesh_model_calls_total', help: 'Model calls through the gateway, by provider, model and HTTP status', labelNames: ['provider', 'model', 'status'], registers: [registry] });
  const latency = new Histogram({ name: 'agentmesh_model_call_duration_seconds', help: 'Model call latency, request to last byte', labelNames: ['provider', 'model'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [registry] });
  const ttfb = new Histogram({ name: 'agentmesh_model_call_ttfb_seconds', help: 'Model call time to first byte', labelNames: ['provider', 'model'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] });
  const tokens = new Counter({ name: 'agentmesh_tokens_total', help: 'Tokens in the usage ledger, by provider, model and direction (input, output, cached)', labelNames: ['provider', 'model', 'direction'], registers: [registry] });
  const cost = new Counter({ name: 'agentmesh_cost_usd_total', help: 'Cost in the usage ledger, USD', labelNames: ['provider', 'model'], registers: [registry] });
  const tasks = new Counter({ name: 'agentmesh_tasks_total', help: 'Tasks that ended, by agent and final status', labelNames: ['agent', 'status'], registers: [registry] });
  const hubMessages = new Counter({ name: 'agentmesh_hub_messages_total', help: 'Messages and results routed by the agent hub', labelNames: ['kind'], registers: [registry] });
  new Gauge({
    name: 'agentmesh_tasks_active', help: 'Tasks running or queued now, by agent and state', labelNames: ['agent', 'state'], registers: [registry],
    collect() {
      this.reset();
      for (const agent of deps.agents.list()) {
        if (agent.running) this.set({ agent: agent.id, state: 'running' }, agent.running);
        if (agent.queued) this.set({ agent: agent.id, state: 'queued' }, agent.queued);
      }
    },
  });
  new Gauge({
    name: 'agentmesh_agents', help: 'Agents by kind and state', labelNames: ['kind', 'state'], registers: [registry],
    collect() {
      this.reset();
      const counts = new Map<string, { kind: string; state: string; n: number }>();
      for (const agent of deps.agents.list()) {
        const key = `${agent.kind}/${agent.state}`;
        counts.set(key, { kind: agent.kind, state: agent.state, n: (counts.get(key)?.n ?? 0) + 1 });
      }
      for (const { kind, state, n } of counts.values()) this.set({ kind, state }, n);
    },
  });
  new Gauge({
    name: 'agentmesh_hub_connections', help: 'Agents connected over the WebSocket hub', registers: [registry],
    collect() {
      this.set(deps.hubConnections());
    },
  });
  new Gauge({
    name: 'agentmesh_provider_circuit_state', help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open', labelNames: ['provider'], registers: [registry],
    collect() {
      this.reset();
      for (const provider of deps.providers.health()) this.set({ provider: provider.id }, circuitValue[provider.circuit]);
    },
  });
  const feed: Feed = (item, kind) => {
    if (kind === 'task') {
      const event = item as GatewayEvents['task_status'];
      tasks.inc({ agent: event.agent!, status: event.status });
      return;
    }
    if (kind === 'hub') {
      hubMessages.inc({ kind: (item as HubMessageRecord).kind });
      return;
    }
    const row = item as UsageRow;
    const provider = row.provider ?? 'none';
    const model = row.upstreamModel ?? row.requestedModel ?? 'unknown';
    if (!reported.has(row.inbound)) {
      calls.inc({ provider, model, status: String(row.status) });
      latency.observe({ provider, model }, row.latencyMs / 1_000);
      if (row.ttfbMs !== null) ttfb.observe({ provider, model }, row.ttfbMs / 1_000);
    }
    if (row.inputTokens) tokens.inc({ provider, model, direction: 'input' }, row.inputTokens);
    if (row.outputTokens) tokens.inc({ provider, model, direction: 'output' }, row.outputTokens);
    if (row.cachedTokens) tokens.inc({ provider, model, direction: 'cached' }, row.cachedTokens);
    if (row.costUsd) cost.inc({ provider, model }, row.costUsd);
  };
  return { registry, feed };
}

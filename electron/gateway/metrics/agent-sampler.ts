import type { AgentInfo } from '../../../shared/schemas/agent.js';
import type { AgentMetrics, MetricsConfig } from '../../../shared/schemas/monitor.js';
import type { AgentRegistry } from '../agents/agent-registry.js';
import type { Logger } from '../log/logger.js';
import type { TaskStore } from '../tasks/task-store.js';
import { agentStatusOf, type Transition } from './agent-status.js';
import type { MetricStore } from './metric-store.js';
import type { NetworkMeter } from './network-meter.js';
import { groupMembers, OwnProcessUsage, processUsage } from './process-usage.js';
import type { AgentTaskStats, TaskStats } from './task-stats.js';

export interface SamplerDeps {
  agents: AgentRegistry;
  taskStore: TaskStore;
  stats: TaskStats;
  store: MetricStore;
  network: NetworkMeter;
  config: () => MetricsConfig;
  logger: Logger;
}

/** The pseudo-agent under which the gateway samples its own process. */
export const GATEWAY_AGENT = 'gateway';

/**
 * Samples every agent every `metrics.sampleIntervalS`: CPU, memory and disk I/O of the
 * processes of the tasks it runs (pidusage, /proc/<pid>/io), bytes the gateway carried for it,
 * and figures from the task store; the gateway's own process too, as `gateway`.
 */
export class AgentSampler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** When each agent last became available (gateway start, registration, restart). */
  private readonly since = new Map<string, number>();
  /** Stops and restarts under way, shown as `stopping` / `starting`. */
  readonly transitions = new Map<string, Transition>();
  private readonly own = new OwnProcessUsage();

  constructor(private readonly deps: SamplerDeps) {}

  start(): void {
    const seconds = this.deps.config().sampleIntervalS;
    if (seconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** The agent (re)started now: its uptime counts from here. */
  markStarted(agentId: string): void {
    this.since.set(agentId, Date.now());
  }

  /** Samples now and stores the samples (what the timer does). */
  async tick(): Promise<AgentMetrics[]> {
    const job = this.sampleAll();
    this.running = job.then(() => undefined, () => undefined);
    try {
      const samples = await job;
      this.deps.store.add(samples, 'sampled');
      return samples;
    } catch (error) {
      this.deps.logger.warn('agent sampling failed', { error: String(error) });
      return [];
    }
  }

  /** One agent's metrics as of now (not stored). */
  async current(agent: AgentInfo): Promise<AgentMetrics> {
    const stats = this.deps.stats.all();
    return this.sample(agent, this.pidsByAgent(), stats.get(agent.id));
  }

  private async sampleAll(): Promise<AgentMetrics[]> {
    const stats = this.deps.stats.all();
    const pids = this.pidsByAgent();
    const samples = await Promise.all(this.deps.agents.list().map((agent) => this.sample(agent, pids, stats.get(agent.id))));
    const own = this.own.read();
    samples.push({
      agent_id: GATEWAY_AGENT, timestamp: new Date().toISOString(), status: 'running', cpu_percent: own.cpuPercent, memory_mb: own.memoryMb, disk_io_kb: own.diskIoKb,
      network_io_kb: null, response_time_ms: null, error_count: null, task_count: null, uptime_seconds: Math.round(process.uptime()),
    });
    return samples;
  }

  private async sample(agent: AgentInfo, pids: Map<string, number[]>, stats: AgentTaskStats | undefined): Promise<AgentMetrics> {
    const status = agentStatusOf(agent, this.transitions.get(agent.id));
    // Only a process agent running a task has processes of ours to read.
    const leaders = agent.kind === 'process' ? (pids.get(agent.id) ?? []) : [];
    const usage = await processUsage(leaders.flatMap(groupMembers));
    if (!this.since.has(agent.id)) this.since.set(agent.id, Date.now());
    const started = agent.kind === 'remote' ? (agent.remote && !agent.remote.disconnectedAt ? Date.parse(agent.remote.connectedAt) : undefined) : this.since.get(agent.id);
    return {
      agent_id: agent.id,
      timestamp: new Date().toISOString(),
      status,
      cpu_percent: usage.cpuPercent,
      memory_mb: usage.memoryMb,
      disk_io_kb: usage.diskIoKb,
      network_io_kb: Math.round((this.deps.network.total(agent.id) / 1_024) * 100) / 100,
      response_time_ms: stats?.responseTimeMs ?? null,
      error_count: stats?.errorCount ?? 0,
      task_count: stats?.taskCount ?? 0,
      uptime_seconds: status === 'stopped' || started === undefined ? null : Math.round((Date.now() - started) / 1_000),
    };
  }

  private pidsByAgent(): Map<string, number[]> {
    const pids = new Map<string, number[]>();
    for (const task of this.deps.taskStore.withStatus('running')) {
      const agent = task.assigned_agents.length === 1 ? task.assigned_agents[0]! : undefined;
      if (!agent || !task.pid) continue;
      pids.set(agent, [...(pids.get(agent) ?? []), task.pid]);
    }
    return pids;
  }
}

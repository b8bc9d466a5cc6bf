import { setTimeout as delay } from 'node:timers/promises';
import type { ServicesConfig, ServiceStatus } from '../../../shared/schemas/services.js';
import type { Logger } from '../log/logger.js';
import { runProcess, type RunHandle, type RunOutcome } from '../tasks/process-runner.js';
import { backoffDelay, recentFailures } from './backoff.js';
import { probeHealth } from './health-probe.js';
import type { HealthCheck, HealthStore } from './health-store.js';
import { serviceSpawnPlan } from './launch-plan.js';
import type { ServiceLogStore } from './log-store.js';
import { portAnswers, portIsFree } from './port-check.js';
import { ServiceError } from './service-error.js';
import type { ServiceRecord } from './service-store.js';

/** Why the clients of a service are being moved elsewhere. */
export type DownReason = 'service_stopped' | 'service_unhealthy' | 'service_crashed';

export interface RuntimeDeps {
  config: () => ServicesConfig;
  logs: ServiceLogStore;
  health: HealthStore;
  logger: Logger;
  /** Status or health changed. */
  changed(runtime: ServiceRuntime): void;
  /** The instance stopped serving (stop, crash, failed health check): move its clients. */
  down(serviceId: string, reason: DownReason): void;
  /** started_at changed. */
  persist(record: ServiceRecord): void;
}

/** The poll interval while waiting for a started service to open its port. */
const READY_POLL_MS = 50;

/**
 * One supervised service: its process (through the one process runner, whole tree, SIGTERM
 * then SIGKILL), readiness, health checks, and auto-restart with exponential backoff that
 * gives up as `crash_loop` after too many crashes in a window.
 */
export class ServiceRuntime {
  status: ServiceStatus = 'stopped';
  health: HealthCheck | undefined;
  pid: number | undefined;
  /** Epoch ms the current process became ready. */
  runningSince: number | undefined;
  lastExit: { code: number | null; signal: string | null; at: string; error?: string } | undefined;
  crashes = 0;
  restarts = 0;
  nextRestartAt: number | undefined;
  private failures: number[] = [];
  private attempt = 0;
  private handle: RunHandle | undefined;
  private abort: AbortController | undefined;
  private ready = false;
  private stopping = false;
  private timers = new Set<NodeJS.Timeout>();
  private healthTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    public record: ServiceRecord,
    private readonly deps: RuntimeDeps,
  ) {}

  get id(): string {
    return this.record.id;
  }

  /** Starts the process and resolves once its port answers; PORT_IN_USE or SERVICE_START_FAILED otherwise. */
  start(): Promise<void> {
    if (this.status === 'running') return Promise.resolve();
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    this.clearTimers();
    this.nextRestartAt = undefined;
    if (this.starting) await this.starting.catch(() => undefined);
    const handle = this.handle;
    if (!handle) {
      if (this.status !== 'stopped') this.setStatus('stopped');
      return;
    }
    this.stopping = true;
    this.setStatus('stopping');
    this.deps.down(this.id, 'service_stopped');
    this.abort?.abort();
    await handle.done;
  }

  async restart(): Promise<void> {
    await this.stop();
    this.restarts++;
    await this.start();
  }

  /** Runs one health check now, stores it, and moves clients away when it failed. */
  async checkHealth(): Promise<HealthCheck> {
    const { host, port, config } = this.record;
    const check = await probeHealth({ host, port, healthPath: config.health_path }, this.deps.config().healthCheckTimeoutMs);
    this.deps.health.add(this.id, check);
    const before = this.health?.status;
    this.health = check;
    if (before !== check.status) this.deps.changed(this);
    if (check.status === 'unhealthy' && this.status === 'running') this.deps.down(this.id, 'service_unhealthy');
    return check;
  }

  /** The service may take clients: running and not known to be unhealthy. */
  get available(): boolean {
    return this.status === 'running' && this.health?.status !== 'unhealthy';
  }

  /** Health checks follow a config change (on/off, interval). */
  configChanged(): void {
    this.scheduleHealth();
  }

  private async launch(): Promise<void> {
    const { record } = this;
    if (!(await portIsFree(record.host, record.port))) {
      throw new ServiceError('PORT_IN_USE', `Port ${record.port} on ${record.host} is already in use`, { service_id: record.id, host: record.host, port: record.port });
    }
    this.setStatus('starting');
    this.ready = false;
    this.stopping = false;
    this.abort = new AbortController();
    const handle = runProcess({
      plan: serviceSpawnPlan(record, this.deps.config().python),
      signal: this.abort.signal,
      killGraceMs: this.deps.config().stopGraceMs,
      onStdoutLine: (line) => this.deps.logs.add(record.id, 'stdout', line),
      onStderrLine: (line) => this.deps.logs.add(record.id, 'stderr', line),
    });
    this.handle = handle;
    this.pid = handle.pid;
    void handle.done.then((outcome) => this.exited(handle, outcome));
    const failure = await this.waitReady(handle);
    if (failure) {
      if (!this.stopping) this.abort.abort();
      await handle.done;
      this.setStatus('error');
      throw new ServiceError('SERVICE_START_FAILED', `Service '${record.name}' failed to start: ${failure.reason}`, { service_id: record.id, ...failure.details });
    }
    this.ready = true;
    this.runningSince = Date.now();
    this.record = { ...record, started_at: new Date(this.runningSince).toISOString() };
    this.deps.persist(this.record);
    this.health = undefined;
    this.setStatus('running');
    // A minute of running without a crash puts the backoff back at its first step.
    const since = this.runningSince;
    this.later(() => {
      if (this.runningSince === since) this.attempt = 0;
    }, this.deps.config().backoffResetMs);
    this.scheduleHealth();
    if (record.config.health_check_enabled) void this.checkHealth().catch(() => undefined);
  }

  private async waitReady(handle: RunHandle): Promise<{ reason: string; details: Record<string, unknown> } | undefined> {
    let outcome: RunOutcome | undefined;
    void handle.done.then((result) => (outcome = result));
    const deadline = Date.now() + this.deps.config().startTimeoutMs;
    const { host, port } = this.record;
    for (;;) {
      if (outcome) {
        const reason = outcome.error ?? `exited with ${outcome.signal ? `signal ${outcome.signal}` : `code ${outcome.exitCode}`} before opening port ${port}`;
        return { reason, details: { exit_code: outcome.exitCode, signal: outcome.signal, stderr_tail: outcome.stderrTail.slice(-2_000) } };
      }
      if (this.stopping) return { reason: 'stopped while starting', details: {} };
      if (await portAnswers(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port, 500)) return undefined;
      if (Date.now() >= deadline) return { reason: `port ${port} did not open within ${this.deps.config().startTimeoutMs} ms`, details: {} };
      await delay(READY_POLL_MS);
    }
  }

  private exited(handle: RunHandle, outcome: RunOutcome): void {
    if (this.handle !== handle) return;
    this.handle = undefined;
    this.pid = undefined;
    this.runningSince = undefined;
    this.lastExit = { code: outcome.exitCode, signal: outcome.signal, at: new Date().toISOString(), ...(outcome.error ? { error: outcome.error } : {}) };
    clearInterval(this.healthTimer);
    if (this.stopping) {
      this.stopping = false;
      this.setStatus('stopped');
      return;
    }
    // A start that failed is reported by launch(); only a crash of a ready service is handled here.
    if (!this.ready) return;
    this.ready = false;
    this.crashes++;
    this.deps.logger.warn('agent service exited', { service: this.record.name, code: outcome.exitCode, signal: outcome.signal });
    this.deps.down(this.id, 'service_crashed');
    this.afterCrash();
  }

  /** Auto-restart with backoff, or `crash_loop` once too many crashes fell in the window. */
  private afterCrash(): void {
    const config = this.deps.config();
    if (!this.record.config.auto_restart || this.record.desired_state !== 'running') return this.setStatus('error');
    this.failures = recentFailures(this.failures, Date.now(), config.crashLoopWindowMs);
    if (this.failures.length >= config.crashLoopFailures) {
      this.deps.logger.error('agent service is crash-looping; auto-restart stopped', { service: this.record.name, crashes: this.failures.length });
      this.nextRestartAt = undefined;
      return this.setStatus('crash_loop');
    }
    const wait = backoffDelay(this.attempt++, config.backoffInitialMs, config.backoffMaxMs);
    this.nextRestartAt = Date.now() + wait;
    this.setStatus('restarting');
    this.later(() => {
      this.nextRestartAt = undefined;
      this.restarts++;
      this.start().catch((error: unknown) => {
        this.deps.logger.warn('agent service restart failed', { service: this.record.name, error: String(error) });
        this.afterCrash();
      });
    }, wait);
  }

  /** A start by hand clears the crash history (and a crash loop). */
  resetFailures(): void {
    this.failures = [];
    this.attempt = 0;
  }

  private scheduleHealth(): void {
    clearInterval(this.healthTimer);
    this.healthTimer = undefined;
    const { health_check_enabled, health_check_interval } = this.record.config;
    if (!health_check_enabled || this.status !== 'running') return;
    this.healthTimer = setInterval(() => void this.checkHealth().catch(() => undefined), health_check_interval * 1_000);
    this.healthTimer.unref();
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    clearInterval(this.healthTimer);
    this.healthTimer = undefined;
  }

  private setStatus(status: ServiceStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.deps.changed(this);
  }
}

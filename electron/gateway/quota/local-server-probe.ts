import type { ProviderConfig } from '../../../shared/schemas/config.js';
import { sendRequest } from '../models/providers/http-client.js';
import { providerHeaders, upstreamUrl } from '../models/providers/upstream-client.js';

export interface ProbeResult {
  answered: boolean;
  /** Why it did not answer (connection refused, timed out). */
  error?: string;
}

interface Known extends ProbeResult {
  at: number;
  /** The base URL asked: an edit that moves the provider makes the answer stale. */
  baseUrl: string;
}

const probeTimeoutMs = 3_000;

/**
 * Whether each model server on this machine answers, so the dashboard says "local server"
 * only of one that is there. Any HTTP answer counts (a server that wants a key is still up);
 * a model call it served counts too.
 */
export class LocalServerProbes {
  private readonly known = new Map<string, Known>();
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(private readonly now: () => number) {}

  result(provider: ProviderConfig): ProbeResult | undefined {
    const known = this.known.get(provider.id);
    return known && known.baseUrl === provider.baseUrl ? known : undefined;
  }

  due(provider: ProviderConfig, maxAgeMs: number): boolean {
    const known = this.known.get(provider.id);
    return !known || known.baseUrl !== provider.baseUrl || this.now() - known.at >= maxAgeMs;
  }

  /** A call it served, or one that could not reach it, says as much as a probe. */
  note(provider: ProviderConfig, answered: boolean): void {
    this.known.set(provider.id, { answered, at: this.now(), baseUrl: provider.baseUrl });
  }

  probe(provider: ProviderConfig): Promise<void> {
    const running = this.inflight.get(provider.id);
    if (running) return running;
    const path = provider.type === 'anthropic' ? '/v1/models' : '/models';
    const headers = providerHeaders(provider, {});
    delete headers['content-type'];
    const job = sendRequest(upstreamUrl(provider.baseUrl, path), { method: 'GET', headers, headersTimeoutMs: probeTimeoutMs, bodyTimeoutMs: probeTimeoutMs })
      .then(async (response) => {
        await response.body.text().catch(() => '');
        this.note(provider, true);
      })
      .catch((error: unknown) => {
        this.known.set(provider.id, { answered: false, error: (error as Error).message, at: this.now(), baseUrl: provider.baseUrl });
      })
      .finally(() => this.inflight.delete(provider.id));
    this.inflight.set(provider.id, job);
    return job;
  }
}

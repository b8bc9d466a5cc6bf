import { performance } from 'node:perf_hooks';
import type { ProviderView } from '../../../shared/contract/index.js';
import type { ProviderConfig } from '../../../shared/schemas/config.js';
import { hostChanged, hostOf } from '../../../shared/schemas/provider-host.js';
import { HttpError } from '../http/http-error.js';
import { sendRequest } from '../models/providers/http-client.js';
import { providerHeaders, upstreamUrl } from '../models/providers/upstream-client.js';
import type { HandlerGroup, UiContext } from './types.js';

/** `sk-proj-abc…wxyz` keeps enough to recognise a key and never enough to use it. */
export function maskKey(key: string | undefined): string | null {
  if (!key) return null;
  if (key.length <= 8) return '•'.repeat(key.length);
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}

const envReference = (raw: unknown) => (typeof raw === 'string' ? (/^\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(raw)?.[1] ?? null) : null);

type RawProvider = Record<string, unknown> & { id: string };
const rawProviders = (document: Record<string, unknown>) => (Array.isArray(document.providers) ? (document.providers as RawProvider[]) : []);

export function providerHandlers(ctx: UiContext): HandlerGroup<'providers.list' | 'providers.save' | 'providers.remove' | 'providers.test'> {
  const { config, providers } = ctx.services;
  const view = (provider: ProviderConfig): ProviderView => {
    const health = providers.health().find((entry) => entry.id === provider.id);
    const raw = rawProviders(config.document()).find((entry) => entry.id === provider.id);
    const skip = ctx.services.quota.skipReason(provider);
    // Routing goes by the breaker; the card also remembers a connection test that failed.
    const reason = health?.reason ?? providers.failedTest(provider.id) ?? skip ?? null;
    return {
      id: provider.id,
      name: provider.name ?? provider.id,
      type: provider.type,
      baseUrl: provider.baseUrl,
      models: provider.models,
      rpm: provider.rpm ?? null,
      timeoutMs: provider.timeoutMs ?? null,
      enabled: provider.enabled,
      keyPreview: maskKey(provider.apiKey),
      keyFromEnv: envReference(raw?.apiKey),
      available: (health?.available ?? false) && reason === null,
      reason,
      configWarning: config.unsetReason(provider.id) ?? null,
      circuit: health?.circuit ?? 'closed',
      balance: balanceOf(ctx, provider),
    };
  };
  const find = (id: string) => {
    const provider = config.get().providers.find((entry) => entry.id === id);
    if (!provider) throw new HttpError(404, 'PROVIDER_NOT_FOUND', `No provider '${id}'`);
    return provider;
  };
  return {
    'providers.list': () => {
      // Whether each local server answers is learnt in the background; a change refreshes the view.
      void ctx.services.quota.probeLocalServers();
      return config.get().providers.map(view);
    },
    'providers.save': ({ provider, previousId }) => {
      const originalId = previousId ?? provider.id;
      // As written, so that a `${VAR}` key counts even while VAR is unset.
      const storedKey = rawProviders(config.document()).find((entry) => entry.id === originalId)?.apiKey;
      const stored = config.get().providers.find((entry) => entry.id === originalId);
      if (stored && storedKey && provider.apiKey === undefined && hostChanged(stored.baseUrl, provider.baseUrl)) {
        throw new HttpError(
          400,
          'KEY_REQUIRED',
          `'${provider.id}' now points at ${hostOf(provider.baseUrl)}; enter its key again (the stored key was entered for ${hostOf(stored.baseUrl)} and is not sent to another host)`,
        );
      }
      config.update((document) => {
        const list = rawProviders(document);
        const index = list.findIndex((entry) => entry.id === originalId);
        const next: Record<string, unknown> = { ...(index >= 0 ? list[index] : {}), ...provider };
        // An omitted key keeps the stored one (the UI never has it); an empty one removes it.
        if (provider.apiKey === undefined && index >= 0) next.apiKey = list[index]!.apiKey;
        if (provider.apiKey === '' || next.apiKey === undefined) delete next.apiKey;
        const providersNext = index >= 0 ? list.map((entry, i) => (i === index ? next : entry)) : [...list, next];
        const routes = renameInRoutes(document.routes, originalId, provider.id);
        return { ...document, providers: providersNext, ...(routes ? { routes } : {}) };
      });
      ctx.services.bus.emit('config.changed', { config: config.get() });
      return view(find(provider.id));
    },
    'providers.remove': ({ id }) => {
      find(id);
      const used = config.get().routes.filter((route) => route.to.some((target) => target.split(':')[0] === id));
      if (used.length) throw new HttpError(409, 'PROVIDER_IN_USE', `Routes ${used.map((route) => `"${route.match}"`).join(', ')} send calls to '${id}'; change them first`);
      config.update((document) => ({ ...document, providers: rawProviders(document).filter((entry) => entry.id !== id) }));
      return { removed: true as const };
    },
    'providers.test': async ({ id }) => {
      const result = await testProvider(find(id));
      providers.noteTest(id, result.ok, result.message);
      return result;
    },
  };
}

/** The provider's balance or quota as the UI shows it; null when nothing tracks it. */
function balanceOf(ctx: UiContext, provider: ProviderConfig): ProviderView['balance'] {
  const entry = ctx.services.quota.providerEntry(provider);
  if (entry.kind === 'untracked') return null;
  return {
    amount: entry.balance ?? null,
    currency: entry.currency ?? null,
    usedPercent: entry.usedPercent ?? null,
    resetsAt: entry.resetsAt ?? null,
    summary: entry.summary,
  };
}

function renameInRoutes(routes: unknown, from: string, to: string): unknown[] | undefined {
  if (from === to || !Array.isArray(routes)) return undefined;
  return routes.map((route: { match: string; to: string[] }) => ({
    ...route,
    to: route.to.map((target) => (target === from ? to : target.startsWith(`${from}:`) ? `${to}${target.slice(from.length)}` : target)),
  }));
}

/** Lists the provider's models: proves the URL, the key and the protocol family in one call. */
async function testProvider(provider: ProviderConfig): Promise<{ ok: boolean; latencyMs: number; message: string }> {
  const started = performance.now();
  const path = provider.type === 'anthropic' ? '/v1/models' : '/models';
  const headers = providerHeaders(provider, {});
  delete headers['content-type'];
  try {
    const response = await sendRequest(upstreamUrl(provider.baseUrl, path), { method: 'GET', headers, headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000 });
    const text = await response.body.text();
    const latencyMs = Math.round(performance.now() - started);
    if (response.statusCode >= 400) return { ok: false, latencyMs, message: `HTTP ${response.statusCode} in ${latencyMs} ms: ${text.slice(0, 200)}` };
    const count = modelCount(text);
    const models = count === undefined ? '' : `, ${count} ${count === 1 ? 'model' : 'models'}`;
    return { ok: true, latencyMs, message: `Connected in ${latencyMs} ms${models}` };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), message: `Cannot connect: ${(error as Error).message}` };
  }
}

/** How many models a `/models` answer lists; undefined when it is not such a list. */
function modelCount(text: string): number | undefined {
  try {
    const data = (JSON.parse(text) as { data?: unknown }).data;
    return Array.isArray(data) ? data.length : undefined;
  } catch {
    return undefined;
  }
}

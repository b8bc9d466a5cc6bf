import { createHash } from 'node:crypto';
import type { DecodeContext } from '../types.js';

const MAX_LENGTH = 64;

// Providers accept ^[a-zA-Z0-9_-]{1,64}$. Namespaced tools are joined with `__`, the same
// flat form codex-rs uses (`ToolName::canonical_flat_name`), so `multi_agent_v1` +
// `spawn_agent` reads as `multi_agent_v1__spawn_agent` to the model.
export function flatToolName(namespace: string | undefined, name: string): string {
  const joined = namespace ? `${namespace.replace(/_+$/, '')}__${name.replace(/^_+/, '')}` : name;
  return fitLength(joined.replace(/[^a-zA-Z0-9_-]/g, '_') || 'tool', joined);
}

function fitLength(name: string, seed: string): string {
  if (name.length <= MAX_LENGTH) return name;
  const hash = createHash('sha256').update(seed).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_LENGTH - hash.length - 1)}_${hash}`;
}

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}\u0000${name}`;

/**
 * Gives every client tool a unique provider-safe canonical name and records, in
 * `ctx.toolNames`, how the client knows the renamed ones, so calls map back.
 */
export class ToolNameMap {
  private readonly byClientName = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(private readonly names: DecodeContext['toolNames']) {}

  declare(namespace: string | undefined, name: string): string {
    const key = keyOf(namespace, name);
    const known = this.byClientName.get(key);
    if (known) return known;
    const base = flatToolName(namespace, name);
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = base.slice(0, MAX_LENGTH - suffix.length) + suffix;
    }
    this.taken.add(candidate);
    this.byClientName.set(key, candidate);
    if (namespace !== undefined || candidate !== name) {
      this.names.set(candidate, namespace !== undefined ? { namespace, name } : { name });
    }
    return candidate;
  }

  /** A name met in history or tool_choice: the declared tool's name, or a stable new one. */
  resolve(namespace: string | undefined, name: string): string {
    return this.byClientName.get(keyOf(namespace, name)) ?? this.declare(namespace, name);
  }
}

/** How the client knows a canonical tool name (the inverse of ToolNameMap). */
export function clientToolName(
  names: DecodeContext['toolNames'],
  canonicalName: string,
): { name: string; namespace?: string } {
  return names.get(canonicalName) ?? { name: canonicalName };
}

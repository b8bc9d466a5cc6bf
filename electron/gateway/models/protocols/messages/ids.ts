import { createHash, randomBytes } from 'node:crypto';

// Anthropic rejects a tool_use id outside ^[a-zA-Z0-9_-]+$ ("String should match pattern"),
// while providers behind a chat API mint ids like `functions.Bash:0`. Neither the Anthropic
// SDK nor Claude Code requires the `toolu_` prefix (Claude Code ran a tool whose id was
// `call_abc`), so valid ids pass unchanged and keep their link to the provider's records.
// The mapping is deterministic, so a tool_use and its tool_result stay paired; the hash
// suffix keeps `a.b` and `a:b` apart.
const valid = /^[A-Za-z0-9_-]+$/;

export function toolUseId(id: string): string {
  if (id === '') return `toolu_${randomId()}`;
  if (valid.test(id)) return id;
  const digest = createHash('sha256').update(id).digest('hex').slice(0, 8);
  return `${id.replace(/[^A-Za-z0-9_-]/g, '_')}_${digest}`;
}

/** Anthropic message ids read `msg_…`; an upstream id is kept inside for tracing. */
export function messageId(id: string): string {
  if (id.startsWith('msg_') && valid.test(id)) return id;
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, '');
  return `msg_${cleaned || randomId()}`;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(): string {
  let out = '';
  for (const byte of randomBytes(24)) out += alphabet[byte % alphabet.length];
  return out;
}

import type { ContentPart } from '../../canonical.js';

type ReasoningPart = Extract<ContentPart, { type: 'reasoning' }>;

// A Responses client (Codex) hands reasoning back only through `encrypted_content`, which it
// treats as opaque. An Anthropic thinking signature must survive that trip to be replayed to
// Anthropic, so it travels there under a prefix that no OpenAI ciphertext starts with.
const SIGNATURE_PREFIX = 'agentmesh.signature.v1:';

export function toEncryptedContent(part: Pick<ReasoningPart, 'signature' | 'encrypted'>): string | undefined {
  if (part.signature) return SIGNATURE_PREFIX + part.signature;
  return part.encrypted;
}

export function fromEncryptedContent(value: string | null | undefined): Pick<ReasoningPart, 'signature' | 'encrypted'> {
  if (!value) return {};
  if (value.startsWith(SIGNATURE_PREFIX)) return { signature: value.slice(SIGNATURE_PREFIX.length) };
  return { encrypted: value };
}

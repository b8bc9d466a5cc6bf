import type { EncodeContext } from '../types.js';
import { newId } from './ids.js';
import { toEncryptedContent } from './reasoning-carrier.js';
import { clientToolName } from './tool-names.js';

export type ItemStatus = 'in_progress' | 'completed';

export const outputText = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });

export function messageItem(id: string, status: ItemStatus, texts: string[]) {
  return { id, type: 'message', status, role: 'assistant', content: texts.map(outputText) };
}

export function reasoningItem(id: string, summary: string[], carrier: { signature?: string; encrypted?: string }) {
  const item: Record<string, unknown> = {
    id,
    type: 'reasoning',
    summary: summary.map((text) => ({ type: 'summary_text', text })),
  };
  const encrypted = toEncryptedContent(carrier);
  if (encrypted) item.encrypted_content = encrypted;
  return item;
}

// Codex dispatches a call by (namespace, name): a namespaced tool must come back with its
// short name plus `namespace`; a flattened name is answered with "unsupported call".
export function functionCallItem(
  id: string,
  status: ItemStatus,
  call: { callId: string; name: string; arguments: string },
  ctx: EncodeContext,
) {
  const client = clientToolName(ctx.decode.toolNames, call.name);
  const item: Record<string, unknown> = { id, type: 'function_call', status, call_id: call.callId, name: client.name };
  if (client.namespace !== undefined) item.namespace = client.namespace;
  item.arguments = call.arguments;
  return item;
}

/** Callers' tools parse arguments as JSON; a provider's empty string means "no arguments". */
export const finalArguments = (args: string): string => (args.trim() === '' ? '{}' : args);

export const callId = (id: string): string => id || newId('call');

import type { CanonicalResponse } from '../../canonical.js';
import type { EncodeContext } from '../types.js';
import { newId, nowSeconds } from './ids.js';
import { callId, finalArguments, functionCallItem, messageItem, reasoningItem } from './output-items.js';
import { responseObject, statusOf } from './response-object.js';

function outputItems(res: CanonicalResponse, ctx: EncodeContext): unknown[] {
  const items: Array<unknown | { texts: string[] }> = [];
  let texts: string[] | undefined;
  for (const part of res.content) {
    if (part.type === 'text') {
      // Consecutive text parts are one message, as an OpenAI model would have written it.
      if (!texts) items.push({ texts: (texts = []) });
      texts.push(part.text);
      continue;
    }
    texts = undefined;
    if (part.type === 'reasoning') {
      items.push(reasoningItem(newId('rs'), part.text ? [part.text] : [], part));
    } else if (part.type === 'tool_call') {
      const call = { callId: callId(part.id), name: part.name, arguments: finalArguments(part.arguments) };
      items.push(functionCallItem(newId('fc'), 'completed', call, ctx));
    }
  }
  return items.map((item) => (isTextRun(item) ? messageItem(newId('msg'), 'completed', item.texts) : item));
}

const isTextRun = (item: unknown): item is { texts: string[] } =>
  typeof item === 'object' && item !== null && 'texts' in item && !('type' in item);

/** Canonical response -> the `response` object a Responses client expects. */
export function encodeResponse(res: CanonicalResponse, ctx: EncodeContext): Record<string, unknown> {
  const { status } = statusOf(res.stopReason);
  const body = responseObject(
    { id: newId('resp'), createdAt: nowSeconds(), status, output: outputItems(res, ctx), usage: res.usage, stopReason: res.stopReason },
    ctx,
  );
  if (status === 'completed') body.completed_at = body.created_at;
  return body;
}

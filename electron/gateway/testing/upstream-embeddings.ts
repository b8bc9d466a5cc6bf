import type { ServerResponse } from 'node:http';
import { sendJson } from './upstream-serve.js';

export type { EmbeddingFault } from './upstream-types.js';

// The scripted upstream's embeddings: a deterministic vector per text, so that texts sharing
// words (and, more weakly, word stems and letter trigrams) land near each other. Each feature
// adds ±weight to four dimensions picked by its hash: cheap enough for 100,000 chunks.


export const DEFAULT_EMBEDDING_DIMS = 768;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function addFeature(vector: Float32Array, feature: string, weight: number): void {
  let hash = fnv1a(feature);
  for (let i = 0; i < 4; i++) {
    // xorshift32: four well-spread (index, sign) pairs from one hash.
    hash ^= hash << 13;
    hash ^= hash >>> 17;
    hash ^= hash << 5;
    hash >>>= 0;
    vector[hash % vector.length]! += hash & 0x80000000 ? -weight : weight;
  }
}

/** The vector the scripted upstream answers for `text`: unit length, `dims` long. */
export function scriptedEmbedding(text: string, dims = DEFAULT_EMBEDDING_DIMS): Float32Array {
  const vector = new Float32Array(dims);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    addFeature(vector, `w:${word}`, 1);
    if (word.length > 5) addFeature(vector, `p:${word.slice(0, 5)}`, 0.6);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(vector, `t:${padded.slice(i, i + 3)}`, 0.3);
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dims; i++) vector[i]! /= norm;
  return vector;
}

interface EmbeddingsBody {
  model?: unknown;
  input?: unknown;
  dimensions?: unknown;
  encoding_format?: unknown;
}

const textsOf = (input: unknown): string[] | undefined => {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input as string[];
  // Token arrays: the scripted upstream embeds their numbers as words.
  if (Array.isArray(input) && input.every((item) => typeof item === 'number')) return [input.join(' ')];
  if (Array.isArray(input) && input.every((item) => Array.isArray(item))) return (input as unknown[][]).map((item) => item.join(' '));
  return undefined;
};

/** Answers POST /v1/embeddings (OpenAI's shape) or POST /api/embed (Ollama's). */
export function answerEmbeddings(res: ServerResponse, body: unknown, ollama: boolean): void {
  const request = (body ?? {}) as EmbeddingsBody;
  const texts = textsOf(request.input);
  if (!texts || texts.length === 0) return sendJson(res, 400, { error: { message: "'input' must be text or an array of texts", type: 'invalid_request_error' } });
  const dims = typeof request.dimensions === 'number' ? request.dimensions : DEFAULT_EMBEDDING_DIMS;
  const model = typeof request.model === 'string' ? request.model : 'scripted-embed';
  const vectors = texts.map((text) => scriptedEmbedding(text, dims));
  const tokens = texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
  if (ollama) return sendJson(res, 200, { model, embeddings: vectors.map((vector) => Array.from(vector)), prompt_eval_count: tokens });
  const base64 = request.encoding_format === 'base64';
  sendJson(res, 200, {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector) })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

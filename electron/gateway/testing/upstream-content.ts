import type { TokenUsage } from './upstream-types.js';

/** What a renderer turns into wire format: a reply already split into its deltas. */
export interface Content {
  text: string;
  textPieces: string[];
  reasoning: string;
  reasoningPieces: string[];
  toolCall?: { name: string; args: string; argPieces: string[] };
  usage: Required<TokenUsage>;
  reasoningTokens: number;
}

export interface RenderContext {
  /** Unique per server and request; the suffix of every id the renderer makes. */
  id: string;
  model: string;
  created: number;
  body: any;
}

export interface ContentInput {
  text?: string;
  reasoning?: string;
  toolCall?: { name: string; arguments: Record<string, unknown> };
  usage?: TokenUsage;
  /** Exact number of text deltas (paced replies); otherwise one delta per word. */
  textChunks?: number;
}

/** The documented default: a deterministic stand-in for a tokenizer. */
export const estimateInputTokens = (rawBody: string): number => Math.ceil(rawBody.length / 4);

export function countWords(text: string): number {
  const words = text.match(/\S+/g);
  return words ? words.length : 0;
}

export function toContent(input: ContentInput, rawBody: string): Content {
  const text = input.text ?? '';
  const reasoning = input.reasoning ?? '';
  const args = input.toolCall ? JSON.stringify(input.toolCall.arguments) : '';
  const reasoningTokens = countWords(reasoning);
  const fallbackOutput = countWords(text) + reasoningTokens + (input.toolCall ? countWords(args) : 0);
  const usage = {
    input: input.usage?.input ?? estimateInputTokens(rawBody),
    output: input.usage?.output ?? fallbackOutput,
    cached: input.usage?.cached ?? 0,
  };
  return {
    text,
    textPieces: input.textChunks === undefined ? splitWords(text) : splitEven(text, input.textChunks),
    reasoning,
    reasoningPieces: splitWords(reasoning),
    toolCall: input.toolCall && { name: input.toolCall.name, args, argPieces: splitEven(args, 3) },
    usage,
    reasoningTokens,
  };
}

/** "a b  c" -> ["a", " b", "  c"]: whitespace travels with the word after it, like tokens do. */
export function splitWords(text: string): string[] {
  const pieces = text.match(/\s*\S+/g);
  if (!pieces) return text ? [text] : [];
  const rest = text.length - pieces.join('').length;
  if (rest > 0) pieces[pieces.length - 1] += text.slice(text.length - rest);
  return pieces;
}

/** Exactly `n` pieces (some may be empty), cut between code points so no surrogate is split. */
export function splitEven(text: string, n: number): string[] {
  const points = Array.from(text);
  const count = Math.max(1, Math.floor(n));
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    pieces.push(points.slice(Math.floor((i * points.length) / count), Math.floor(((i + 1) * points.length) / count)).join(''));
  }
  return pieces;
}

/**
 * A stream as "beats": beat 0 is everything before the first delta, each following beat
 * starts with one delta, and the last beat is the tail. Pacing and mid-stream resets cut
 * between beats; an unpaced stream joins them into one write.
 */
export class Beats {
  private readonly beats: string[] = [];
  private current = '';

  add(frame: string): void {
    this.current += frame;
  }

  /** Starts the next beat; call right before writing a delta. */
  next(): void {
    this.beats.push(this.current);
    this.current = '';
  }

  /** Closes the stream: the tail gets a beat of its own, so a reset never sends it. */
  finish(tail: string): string[] {
    this.beats.push(this.current, tail);
    this.current = '';
    return this.beats;
  }
}

export const sseData = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;

export const sseEvent = (name: string, payload: unknown): string =>
  `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;

/** One protocol's wire format. */
export interface Renderer {
  json(content: Content, ctx: RenderContext): unknown;
  /** SSE text as beats (see Beats). */
  stream(content: Content, ctx: RenderContext): string[];
  error(status: number, message: string): unknown;
  /** The in-band error event(s) this protocol streams after `sent` when a reply fails mid-way. */
  streamError(message: string, ctx: RenderContext, sent: string): string;
}

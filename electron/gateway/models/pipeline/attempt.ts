import { performance } from 'node:perf_hooks';
import type { GatewayConfig } from '../../../../shared/schemas/config.js';
import type { StreamEvent, Usage } from '../canonical.js';
import { topLevelObject } from '../json-sniff.js';
import { protocolForProvider } from '../protocols/index.js';
import { STREAM_TRUNCATED, truncationMessage, type StreamNote } from '../protocols/stream-tracker.js';
import type { WireProtocol } from '../protocols/types.js';
import { BodyTooLargeError, type HttpResponse } from '../providers/http-client.js';
import { callUpstream, providerHeaders, UpstreamError } from '../providers/upstream-client.js';
import type { Target } from '../routing/router.js';
import { parseSse, SseLimitError, sseFrame, type SseEvent } from '../sse.js';
import type { CallState } from './call-state.js';
import { SseWriter } from './sse-writer.js';
import { mergeUsage } from '../usage-merge.js';

/**
 * One try of one target. Throws UpstreamError while nothing has reached the client (so the
 * caller may fall back); once the response is committed, failures end the client's stream
 * with an error frame in its own protocol and are reported through `call.midStreamError`.
 */
export async function attemptTarget(call: CallState, target: Target, config: GatewayConfig): Promise<void> {
  const { resilience } = config;
  const upstream = protocolForProvider[target.provider.type];
  const passthrough = upstream === call.protocol;
  const { payload, injectedUsage } = buildPayload(call, target, upstream, passthrough);
  const timeout = target.provider.timeoutMs;
  const response = await callUpstream({
    provider: target.provider,
    path: upstream.upstreamPath,
    payload,
    headers: providerHeaders(target.provider, call.clientHeaders),
    signal: call.abort,
    headersTimeoutMs: timeout ?? resilience.firstByteTimeoutMs,
    bodyTimeoutMs: timeout ?? resilience.defaultTimeoutMs,
  });
  let finished = false;
  try {
    if (!call.request.stream) await deliverJson(call, upstream, passthrough, response, target, config.limits.upstreamBodyBytes);
    else {
      const events = parseSse(response.body, { maxLineBytes: config.limits.sseLineBytes });
      if (passthrough) await pipeEvents(call, events, injectedUsage, target);
      else await translateEvents(call, upstream.decodeStream(events), target);
    }
    finished = !call.midStreamError && !call.abort.aborted;
  } finally {
    // A decoder stops at its terminal event, before the body's end: reading that end is what
    // returns the connection to the pool. A call that went wrong closes it instead.
    if (finished) response.body.release();
    else response.body.destroy();
  }
}

function buildPayload(call: CallState, target: Target, upstream: WireProtocol, passthrough: boolean) {
  if (!passthrough) {
    return { payload: JSON.stringify(upstream.encodeRequest(call.request, target.model)), injectedUsage: false };
  }
  // A chat stream only reports usage when asked; ask on the client's behalf and hide the extra chunk.
  const injectedUsage = call.protocol.inbound === 'chat' && call.request.stream && !call.request.streamUsage;
  if (call.body.model === target.model && !injectedUsage) return { payload: call.raw, injectedUsage };
  const body: Record<string, unknown> = { ...call.body, model: target.model };
  if (injectedUsage) body.stream_options = { ...(body.stream_options as object), include_usage: true };
  return { payload: JSON.stringify(body), injectedUsage };
}

async function deliverJson(call: CallState, upstream: WireProtocol, passthrough: boolean, response: HttpResponse, target: Target, maxBytes: number) {
  let bytes: Buffer;
  let parsed: unknown;
  let usage: Usage | undefined;
  try {
    bytes = await response.body.bytes(maxBytes);
    // Same protocol: the bytes go out as they came, so only the usage is read, when it can be
    // found on its own; otherwise (and to decode a translation) the whole body is parsed.
    const sniffed = passthrough ? topLevelObject(bytes, 'usage') : undefined;
    if (sniffed) usage = upstream.usageOf({ usage: sniffed });
    else {
      parsed = JSON.parse(bytes.toString());
      if (passthrough) usage = upstream.usageOf(parsed);
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    if (error instanceof BodyTooLargeError) throw tooLarge(target, error);
    throw new UpstreamError(`${target.provider.id} sent an unreadable body: ${(error as Error).message}`, 502, true);
  }
  call.firstByteAt = performance.now();
  if (passthrough) {
    call.usage = usage;
    call.res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length }).end(bytes);
    return;
  }
  const canonical = upstream.decodeResponse(parsed);
  call.usage = canonical.usage;
  const out = JSON.stringify(call.protocol.encodeResponse(canonical, { requestedModel: call.request.model, decode: call.decode, request: call.request }));
  call.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) }).end(out);
}

async function pipeEvents(call: CallState, events: AsyncIterable<SseEvent>, hideUsageChunk: boolean, target: Target) {
  const tracker = call.protocol.trackStream();
  const iterator = events[Symbol.asyncIterator]();
  let next = await pull(iterator, target);
  if (next.done) throw new UpstreamError(`${target.provider.id} closed the stream before any event`, 502, true);
  let note = tracker.see(next.value);
  // Nothing has reached the client yet: an upstream that fails at once is fallen back from.
  if (note?.error) throw new UpstreamError(`${target.provider.id}: ${note.error.message}`, 502, true);
  const writer = new SseWriter(call.res, call.abort);
  writer.commit();
  call.firstByteAt = performance.now();
  const failWith = (code: string, message: string) => failStream(call, writer, tracker.errorFrame.bind(tracker), code, message);
  try {
    while (!next.done) {
      await relay(call, writer, next.value, note, hideUsageChunk, target);
      next = await iterator.next();
      note = next.done ? undefined : tracker.see(next.value);
    }
    // Ended without its terminal event: the client hears it, as on the translated path.
    if (!tracker.ended) await failWith(STREAM_TRUNCATED, describeFailure(target, STREAM_TRUNCATED, truncationMessage(tracker.terminal)));
  } catch (error) {
    await failWith('upstream_error', streamFailed(target, error));
  }
  writer.end();
}

async function relay(call: CallState, writer: SseWriter, event: SseEvent, note: StreamNote | undefined, hideUsageChunk: boolean, target: Target) {
  let data = event.data;
  if (note?.usage) {
    call.usage = mergeUsage(call.usage, note.usage);
    if (hideUsageChunk && isUsageOnlyChunk(data)) return;
  }
  if (note?.error) {
    call.midStreamError ??= describeFailure(target, note.error.code, note.error.message);
    // Upstream error text may echo the provider key; deltas are never scanned.
    data = call.redact(data);
  }
  await writer.write(sseFrame(data, event.event));
}

/** The chunk include_usage adds: usage and no choices (only ever asked of usage-bearing chunks). */
function isUsageOnlyChunk(data: string): boolean {
  const chunk = JSON.parse(data) as { choices?: unknown[] | null };
  return !chunk.choices || chunk.choices.length === 0;
}

async function translateEvents(call: CallState, decoded: AsyncIterable<StreamEvent>, target: Target) {
  const iterator = decoded[Symbol.asyncIterator]();
  const first = await pull(iterator, target);
  if (first.done) throw new UpstreamError(`${target.provider.id} closed the stream before any event`, 502, true);
  if (first.value.type === 'error') throw new UpstreamError(`${target.provider.id}: ${first.value.message}`, 502, true);
  const writer = new SseWriter(call.res, call.abort);
  writer.commit();
  const tapped = tap(call, first.value, iterator, target);
  const ctx = { requestedModel: call.request.model, decode: call.decode, request: call.request };
  try {
    for await (const frame of call.protocol.encodeStream(tapped, ctx)) {
      call.firstByteAt ??= performance.now();
      await writer.write(frame);
    }
  } catch (error) {
    await failStream(call, writer, call.protocol.streamErrorFrame, 'upstream_error', streamFailed(target, error));
  }
  writer.end();
}

/**
 * Re-yields the stream after its first event, noting usage and a terminal error on the way.
 * An upstream that breaks mid-way becomes an `error` event, so the client's encoder ends the
 * stream it has been writing (a Responses stream keeps its id and sequence numbers).
 */
async function* tap(call: CallState, first: StreamEvent, rest: AsyncIterator<StreamEvent>, target: Target): AsyncIterable<StreamEvent> {
  for (let event: StreamEvent | undefined = first; event; ) {
    if (event.type === 'usage') call.usage = mergeUsage(call.usage, event.usage);
    else if (event.type === 'finish') call.usage = mergeUsage(call.usage, event.usage);
    else if (event.type === 'error') {
      const message = call.redact(event.message);
      call.midStreamError ??= describeFailure(target, event.code, message);
      event = { ...event, message };
    }
    yield event;
    try {
      const next = await rest.next();
      event = next.done ? undefined : next.value;
    } catch (error) {
      if (call.abort.aborted) throw error;
      event = { type: 'error', code: 'upstream_error', message: streamFailed(target, error) };
    }
  }
}

async function pull<T>(iterator: AsyncIterator<T>, target: Target): Promise<IteratorResult<T>> {
  try {
    return await iterator.next();
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    if (error instanceof SseLimitError) throw tooLarge(target, error);
    throw new UpstreamError(streamFailed(target, error), 502, true);
  }
}

// Another try would most likely bring the same oversized answer: the client hears why instead.
const tooLarge = (target: Target, error: Error) => new UpstreamError(`${target.provider.id} sent too much: ${error.message}`, 502, false, { code: 'upstream_too_large' });

const streamFailed = (target: Target, error: unknown) => `${target.provider.id} stream failed: ${(error as Error).message ?? String(error)}`;

/** How a failure after the first byte reads in the usage row. */
function describeFailure(target: Target, code: string | undefined, message: string): string {
  if (code === STREAM_TRUNCATED) return `${target.provider.id} stream truncated: ${message}`;
  return message.startsWith(`${target.provider.id} `) ? message : `${target.provider.id}: ${message}`;
}

/** Ends a committed stream with an error frame in the client's protocol (unless the client left). */
async function failStream(call: CallState, writer: SseWriter, frameOf: (code: string, message: string) => string, code: string, message: string) {
  if (call.abort.aborted) return;
  const redacted = call.redact(message);
  call.midStreamError ??= redacted;
  await writer.write(frameOf(code, redacted));
}

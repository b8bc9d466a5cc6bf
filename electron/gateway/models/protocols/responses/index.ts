import type { WireProtocol } from '../types.js';
import { decodeRequest } from './decode-request.js';
import { decodeResponse } from './decode-response.js';
import { decodeStream } from './decode-stream.js';
import { encodeRequest } from './encode-request.js';
import { encodeResponse } from './encode-response.js';
import { encodeStream } from './encode-stream.js';
import { errorBody, streamErrorFrame } from './errors.js';
import { ResponsesStreamTracker } from './stream-tracker.js';
import { usageOf } from './usage.js';

/** OpenAI Responses API (`POST /v1/responses`): Codex CLI/Desktop and the OpenAI SDKs. */
export const responsesProtocol: WireProtocol = {
  inbound: 'responses',
  provider: 'openai-responses',
  upstreamPath: '/responses',
  decodeRequest,
  encodeResponse,
  encodeStream,
  errorBody,
  streamErrorFrame,
  encodeRequest,
  decodeResponse,
  decodeStream,
  trackStream: () => new ResponsesStreamTracker(),
  usageOf,
};

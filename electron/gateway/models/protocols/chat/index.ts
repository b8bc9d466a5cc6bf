import type { WireProtocol } from '../types.js';
import { decodeRequest } from './decode-request.js';
import { decodeResponse } from './decode-response.js';
import { decodeStream } from './decode-stream.js';
import { encodeRequest } from './encode-request.js';
import { encodeResponse } from './encode-response.js';
import { encodeStream } from './encode-stream.js';
import { errorBody, streamErrorFrame } from './errors.js';
import { ChatStreamTracker } from './stream-tracker.js';
import { usageOf } from './usage.js';

/** OpenAI Chat Completions: spoken to chat clients and to OpenAI-compatible providers. */
export const chatProtocol: WireProtocol = {
  inbound: 'chat',
  provider: 'openai-chat',
  upstreamPath: '/chat/completions',
  decodeRequest,
  encodeResponse,
  encodeStream,
  errorBody,
  streamErrorFrame,
  encodeRequest,
  decodeResponse,
  decodeStream,
  trackStream: () => new ChatStreamTracker(),
  usageOf,
};
